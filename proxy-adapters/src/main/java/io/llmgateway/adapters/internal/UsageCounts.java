package io.llmgateway.adapters.internal;

import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Token counts in OpenAI's terms while a response is read; -1 marks a detail the provider did not
 * report (it is then left out of the {@code usage} object). Mutable, one per translator.
 */
public final class UsageCounts {

    public long prompt;
    public long completion;
    public long total = -1;
    public long cached = -1;
    public long cacheWrite = -1;
    public long reasoning = -1;
    private boolean known;

    /** Marks that the provider reported usage at all. */
    public UsageCounts known() {
        known = true;
        return this;
    }

    public boolean isKnown() {
        return known;
    }

    public long totalOrSum() {
        return total >= 0 ? total : prompt + completion;
    }

    /** The SPI value, or null when the provider reported nothing. */
    public Usage toUsage() {
        return known ? new Usage(prompt, completion, totalOrSum(), Math.max(0, cached), Math.max(0, cacheWrite)) : null;
    }

    /** Writes the OpenAI {@code usage} object. */
    public void write(ByteBuf out) {
        ByteBufUtil.writeAscii(out, "{\"prompt_tokens\":");
        ByteBufUtil.writeAscii(out, Long.toString(prompt));
        ByteBufUtil.writeAscii(out, ",\"completion_tokens\":");
        ByteBufUtil.writeAscii(out, Long.toString(completion));
        ByteBufUtil.writeAscii(out, ",\"total_tokens\":");
        ByteBufUtil.writeAscii(out, Long.toString(totalOrSum()));
        if (cached >= 0 || cacheWrite >= 0) {
            ByteBufUtil.writeAscii(out, ",\"prompt_tokens_details\":{");
            if (cached >= 0) {
                ByteBufUtil.writeAscii(out, "\"cached_tokens\":");
                ByteBufUtil.writeAscii(out, Long.toString(cached));
            }
            if (cacheWrite >= 0) {
                ByteBufUtil.writeAscii(out, cached >= 0 ? ",\"cache_write_tokens\":" : "\"cache_write_tokens\":");
                ByteBufUtil.writeAscii(out, Long.toString(cacheWrite));
            }
            out.writeByte('}');
        }
        if (reasoning >= 0) {
            ByteBufUtil.writeAscii(out, ",\"completion_tokens_details\":{\"reasoning_tokens\":");
            ByteBufUtil.writeAscii(out, Long.toString(reasoning));
            out.writeByte('}');
        }
        out.writeByte('}');
    }

    /** The {@code usage} object as a tree, for non-stream bodies. */
    public java.util.Map<String, Object> toTree() {
        java.util.Map<String, Object> u = JsonTree.object();
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", totalOrSum());
        if (cached >= 0 || cacheWrite >= 0) {
            java.util.Map<String, Object> d = JsonTree.object();
            if (cached >= 0) {
                d.put("cached_tokens", cached);
            }
            if (cacheWrite >= 0) {
                d.put("cache_write_tokens", cacheWrite);
            }
            u.put("prompt_tokens_details", d);
        }
        if (reasoning >= 0) {
            java.util.Map<String, Object> d = JsonTree.object();
            d.put("reasoning_tokens", reasoning);
            u.put("completion_tokens_details", d);
        }
        return u;
    }
}
