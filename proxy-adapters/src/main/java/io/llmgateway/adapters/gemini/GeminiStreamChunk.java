package io.llmgateway.adapters.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.Json;
import io.llmgateway.adapters.internal.StreamScratch;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one Gemini {@code alt=sse} chunk (reference 4.5) as {@link GeminiChatTranslator}
 * needs them: the first candidate's text (into the thread's {@code StreamScratch.text}) and
 * thought text ({@code text2}), its function calls, its finish reason, a prompt's block reason, an
 * error payload; the response id and model version until the stream has started;
 * {@code usageMetadata} goes to {@link GeminiUsage}.
 *
 * <p>One per translator, confined to its event loop; {@link #read} overwrites the per-chunk
 * fields. Hot path (a text chunk): text is copied as chars, nothing is allocated; a function call
 * costs its name and arguments as Strings.
 */
final class GeminiStreamChunk {

    /** A function call of the chunk: its name, its arguments as JSON text, its thought signature (or null). */
    record FunctionCall(String name, String arguments, String signature) {
    }

    private final GeminiUsage usage;

    String responseId;
    String modelVersion;
    String finishReason;
    String blockReason;
    /** The chunk's function calls; null until a stream has had one. */
    List<FunctionCall> calls;
    boolean sawError;
    int errorCode;
    String errorStatus;
    String errorMessage;

    GeminiStreamChunk(GeminiUsage usage) {
        this.usage = usage;
    }

    /**
     * Reads the chunk's JSON document (the parser before its first token), also when wrapped in an
     * array.
     *
     * @param beforeFirst no chunk has been written yet: the response id and model version are taken
     */
    void read(StreamScratch s, JsonParser p, boolean beforeFirst) throws IOException {
        s.text.clear();
        s.text2.clear();
        if (calls != null) {
            calls.clear();
        }
        finishReason = null;
        blockReason = null;
        sawError = false;
        JsonToken first = StreamScratch.next(p);
        boolean array = first == JsonToken.START_ARRAY;
        if (array) {
            first = StreamScratch.next(p);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new IOException("event data is not an object");
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            switch (name) {
                case "candidates" -> readCandidates(p, s, v);
                case "usageMetadata" -> usage.read(p, v);
                case "responseId" -> responseId = beforeFirst && v == JsonToken.VALUE_STRING ? p.getText() : responseId;
                case "modelVersion" -> modelVersion = beforeFirst && v == JsonToken.VALUE_STRING ? p.getText() : modelVersion;
                case "promptFeedback" -> readFeedback(p, v);
                case "error" -> readError(p, v);
                default -> StreamScratch.skip(p);
            }
        }
        if (array) {
            while (StreamScratch.next(p) != JsonToken.END_ARRAY) {
                StreamScratch.skip(p);
            }
        }
        s.finish(p);
    }

    private void readCandidates(JsonParser p, StreamScratch s, JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            StreamScratch.skip(p);
            return;
        }
        boolean first = true;
        while (StreamScratch.next(p) != JsonToken.END_ARRAY) {
            if (!first || p.currentToken() != JsonToken.START_OBJECT) {
                StreamScratch.skip(p); // n > 1 is rejected for streams: only the first candidate exists
                continue;
            }
            first = false;
            String name;
            while ((name = StreamScratch.nextField(p)) != null) {
                JsonToken t = p.currentToken();
                if (name.equals("content") && t == JsonToken.START_OBJECT) {
                    String cn;
                    while ((cn = StreamScratch.nextField(p)) != null) {
                        if (cn.equals("parts") && p.currentToken() == JsonToken.START_ARRAY) {
                            while (StreamScratch.next(p) == JsonToken.START_OBJECT) {
                                readPart(p, s);
                            }
                        } else {
                            StreamScratch.skip(p);
                        }
                    }
                } else if (name.equals("finishReason") && t == JsonToken.VALUE_STRING) {
                    finishReason = p.getText();
                } else {
                    StreamScratch.skip(p);
                }
            }
        }
    }

    private void readPart(JsonParser p, StreamScratch s) throws IOException {
        int textStart = s.text.length();
        boolean thought = false;
        String callName = null;
        String callArgs = null;
        String signature = null;
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            switch (name) {
                case "text" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        s.text.appendText(p);
                    }
                }
                case "thought" -> thought = t == JsonToken.VALUE_TRUE;
                case "thoughtSignature" -> signature = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "functionCall" -> {
                    if (t != JsonToken.START_OBJECT) {
                        StreamScratch.skip(p);
                        break;
                    }
                    callArgs = "{}";
                    String fn;
                    while ((fn = StreamScratch.nextField(p)) != null) {
                        JsonToken ft = p.currentToken();
                        if (fn.equals("name") && ft == JsonToken.VALUE_STRING) {
                            callName = p.getText();
                        } else if (fn.equals("args") && ft == JsonToken.START_OBJECT) {
                            StringWriter w = new StringWriter(64);
                            try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
                                g.copyCurrentStructure(p);
                            }
                            callArgs = w.toString();
                        } else {
                            StreamScratch.skip(p);
                        }
                    }
                }
                default -> StreamScratch.skip(p);
            }
        }
        if (thought && s.text.length() > textStart) {
            s.text2.append(s.text.array(), textStart, s.text.length() - textStart);
            s.text.setLength(textStart);
        }
        if (callName != null) {
            if (calls == null) {
                calls = new ArrayList<>(2);
            }
            calls.add(new FunctionCall(callName, callArgs, signature));
        }
    }

    private void readFeedback(JsonParser p, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (name.equals("blockReason") && t == JsonToken.VALUE_STRING) {
                blockReason = p.getText();
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void readError(JsonParser p, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        sawError = true;
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (name.equals("code") && t == JsonToken.VALUE_NUMBER_INT) {
                errorCode = p.getIntValue();
            } else if (name.equals("status") && t == JsonToken.VALUE_STRING) {
                errorStatus = p.getText();
            } else if (name.equals("message") && t == JsonToken.VALUE_STRING) {
                errorMessage = p.getText();
            } else {
                StreamScratch.skip(p);
            }
        }
    }
}
