package io.llmgateway.bench.jmh.codec;

import java.nio.charset.StandardCharsets;

/** Realistic OpenAI payloads of a chosen size for the codec benchmarks. */
public final class CodecBodies {

    private CodecBodies() {
    }

    /**
     * A Chat Completions request of about {@code size} bytes: a conversation of user and assistant
     * messages (with escapes and non-ASCII text), tools, then {@code model} and the stream flags
     * after {@code messages}, so that the scanner must walk the whole conversation.
     */
    public static byte[] chatRequest(int size) {
        StringBuilder sb = new StringBuilder(size + 1024);
        sb.append("{\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant. Réponds en français.\"}");
        int turn = 0;
        String text = "Explain the \\\"difference\\\" between TCP and UDP, with examples \\u2014 ça va? ";
        while (sb.length() < size - 600) {
            String role = turn++ % 2 == 0 ? "user" : "assistant";
            sb.append(",{\"role\":\"").append(role).append("\",\"content\":\"");
            int len = Math.min(text.length() * 8, Math.max(16, size - 600 - sb.length()));
            while (len > 0) {
                sb.append(text, 0, Math.min(len, text.length()));
                len -= text.length();
            }
            sb.append("\"}");
        }
        sb.append("],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Get weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}],"
                + "\"tool_choice\":\"auto\",\"temperature\":0.2,\"top_p\":0.9,\"max_completion_tokens\":512,\"stop\":[\"END\"],"
                + "\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"user-1234\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An OpenAI chat stream of {@code events} events: role chunk, content chunks, finish, usage, [DONE]. */
    static byte[] chatStream(int events) {
        String head = "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
                + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[";
        StringBuilder sb = new StringBuilder(events * 260);
        sb.append(head).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        for (int i = 0; i < events - 4; i++) {
            sb.append(head).append("{\"index\":0,\"delta\":{\"content\":\" token").append(i)
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        sb.append(head).append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        sb.append(head).append("],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":60,\"total_tokens\":69}}\n\n");
        sb.append("data: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
