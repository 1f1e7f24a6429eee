package io.llmgateway.core.observe.metrics;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.util.internal.PlatformDependent;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty buffer allocator the gateway's connections use ({@code server.allocator}): memory held
 * on and off the heap, and for the pooled allocator its arenas, thread caches, chunk size and live
 * allocations; plus the direct memory Netty counts itself. Read from the allocator's metric
 * objects when the metrics are rendered, on the observer thread: the pooled allocator's used memory
 * and live allocations take each arena's lock for the moment of a sum, as an allocation of a
 * normal-sized buffer does; once per rendering (about a second), never held across anything else.
 */
final class AllocatorCollector extends Collector {

    private final ByteBufAllocator allocator;

    AllocatorCollector(ByteBufAllocator allocator) {
        this.allocator = requireNonNull(allocator, "allocator");
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> out = new ArrayList<>(6);
        out.add(new GaugeMetricFamily("netty_direct_memory_used_bytes",
                "Direct memory Netty has allocated (-1 when it does not count it).",
                PlatformDependent.usedDirectMemory()));
        if (!(allocator instanceof ByteBufAllocatorMetricProvider provider)) {
            return out;
        }
        ByteBufAllocatorMetric metric = provider.metric();
        GaugeMetricFamily used = new GaugeMetricFamily("netty_allocator_used_memory_bytes",
                "Memory the allocator holds, by kind.", List.of("type"));
        used.addMetric(List.of("heap"), metric.usedHeapMemory());
        used.addMetric(List.of("direct"), metric.usedDirectMemory());
        out.add(used);
        if (metric instanceof PooledByteBufAllocatorMetric pooled) {
            GaugeMetricFamily arenas = new GaugeMetricFamily("netty_allocator_arenas", "Arenas of the pooled "
                    + "allocator, by kind.", List.of("type"));
            arenas.addMetric(List.of("heap"), pooled.numHeapArenas());
            arenas.addMetric(List.of("direct"), pooled.numDirectArenas());
            out.add(arenas);
            GaugeMetricFamily active = new GaugeMetricFamily("netty_allocator_active_allocations", "Buffers of the "
                    + "pooled allocator in use, by kind.", List.of("type"));
            active.addMetric(List.of("heap"), activeAllocations(pooled.heapArenas()));
            active.addMetric(List.of("direct"), activeAllocations(pooled.directArenas()));
            out.add(active);
            out.add(new GaugeMetricFamily("netty_allocator_thread_local_caches", "Thread-local caches of the "
                    + "pooled allocator.", pooled.numThreadLocalCaches()));
            out.add(new GaugeMetricFamily("netty_allocator_chunk_size_bytes", "Chunk size of the pooled allocator.",
                    pooled.chunkSize()));
        }
        return out;
    }

    private static long activeAllocations(List<PoolArenaMetric> arenas) {
        long n = 0;
        for (PoolArenaMetric a : arenas) {
            n += a.numActiveAllocations();
        }
        return n;
    }
}
