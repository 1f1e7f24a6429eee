package io.llmgateway.bench.jmh.adapters;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of one stream event of {@code POST /v1/responses}, the per-token hot path:
 *
 * <ul>
 *   <li>an OpenAI-compatible provider's chat chunk (text, then a tool call's argument fragment)
 *       made into {@code response.output_text.delta} / {@code response.function_call_arguments.delta};</li>
 *   <li>an Anthropic {@code content_block_delta} through both translations (Anthropic to chat, chat to
 *       Responses) into {@code response.output_text.delta};</li>
 *   <li>for comparison, an OpenAI {@code response.output_text.delta} relayed as it is.</li>
 * </ul>
 *
 * A translated stream keeps its whole text (the {@code .done} events and {@code response.completed}
 * repeat it), so each measured stream is restarted every {@link #EVENTS_PER_STREAM} events: the
 * figures include a long answer's text buffer growth and its stream set-up, amortised. Pooled
 * direct buffers, as the core lends them; the output is released after each operation. Run with
 * {@code -prof gc} for bytes/op (target: under 1 µs and 512 B per event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponsesStreamEventBenchmark {

    static final int EVENTS_PER_STREAM = 1000;
    static final String RESPONSES_REQUEST = "{\"model\":\"gpt\",\"stream\":true,\"instructions\":\"Be terse.\","
            + "\"input\":\"Name the colours of the rainbow.\",\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}},\"strict\":false}]}";
    static final String RESPONSES_TEXT_DELTA = "event: response.output_text.delta\ndata: {\"type\":"
            + "\"response.output_text.delta\",\"sequence_number\":7,\"item_id\":\"msg_67c9fdcecf488190bdd9a0409de3a1ec\","
            + "\"output_index\":0,\"content_index\":0,\"delta\":\" of the rainbow, each\",\"logprobs\":[]}\n\n";

    private final ProviderSettings compatible = AdapterFixtures.provider("openai-compatible", "vllm.local", "/v1");
    private final ProviderSettings anthropic = AdapterFixtures.provider("anthropic", "api.anthropic.com", "/v1");
    private final ProviderSettings openAi = AdapterFixtures.provider("openai", "api.openai.com", "/v1");
    private final StreamEventFixture fixture = new StreamEventFixture();
    private Stream text;
    private Stream tool;
    private Stream claude;
    private Stream relayed;
    private ByteBuf textChunk;
    private ByteBuf toolChunk;
    private ByteBuf anthropicDelta;
    private ByteBuf responsesDelta;

    /** One measured stream, restarted every {@link #EVENTS_PER_STREAM} events. */
    private final class Stream {
        private final ProviderSettings provider;
        private final String[] opening;
        private ResponseTranslator translator;
        private int events;

        Stream(ProviderSettings provider, String... opening) throws Exception {
            this.provider = provider;
            this.opening = opening;
            restart();
        }

        private void restart() throws Exception {
            translator = StreamEventFixture.translator(Adapters.forType(provider.type()), Endpoint.RESPONSES, provider,
                    RESPONSES_REQUEST);
            fixture.feed(translator, opening);
            events = 0;
        }

        int translate(ByteBuf event, Blackhole bh) throws Exception {
            if (++events > EVENTS_PER_STREAM) {
                restart();
            }
            return fixture.translate(translator, event, bh);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // The first event of each stream (response.created, the item's opening) is fed before measuring.
        text = new Stream(compatible, AdapterFixtures.CHAT_TEXT_CHUNK);
        tool = new Stream(compatible, AdapterFixtures.CHAT_TOOL_START);
        claude = new Stream(anthropic, AdapterFixtures.ANTHROPIC_MESSAGE_START, AdapterFixtures.ANTHROPIC_BLOCK_START,
                AdapterFixtures.ANTHROPIC_TEXT_DELTA);
        relayed = new Stream(openAi);
        textChunk = AdapterFixtures.direct(AdapterFixtures.CHAT_TEXT_CHUNK);
        toolChunk = AdapterFixtures.direct(AdapterFixtures.CHAT_TOOL_ARGUMENTS);
        anthropicDelta = AdapterFixtures.direct(AdapterFixtures.ANTHROPIC_TEXT_DELTA);
        responsesDelta = AdapterFixtures.direct(RESPONSES_TEXT_DELTA);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        textChunk.release();
        toolChunk.release();
        anthropicDelta.release();
        responsesDelta.release();
    }

    @Benchmark
    public int chatTextChunkToOutputTextDelta(Blackhole bh) throws Exception {
        return text.translate(textChunk, bh);
    }

    @Benchmark
    public int chatToolArgumentsToFunctionCallArgumentsDelta(Blackhole bh) throws Exception {
        return tool.translate(toolChunk, bh);
    }

    @Benchmark
    public int anthropicTextDeltaToOutputTextDelta(Blackhole bh) throws Exception {
        return claude.translate(anthropicDelta, bh);
    }

    @Benchmark
    public int openAiResponsesDeltaRelayed(Blackhole bh) throws Exception {
        return relayed.translate(responsesDelta, bh);
    }
}
