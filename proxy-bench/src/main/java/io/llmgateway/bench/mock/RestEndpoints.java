package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAI operations besides chat, completions, embeddings and models: images, audio,
 * moderations, files and batches, at any path prefix. Their bodies are never aggregated: an upload
 * of any size is counted as it arrives (bytes, and whether the form ended with its closing
 * boundary), and only its first {@link #KEPT_BYTES} are kept, to read the {@code model} field and
 * to record.
 *
 * <pre>{@code
 * HttpServerCodec -> HttpServerKeepAliveHandler -> RestEndpoints -> HttpObjectAggregator -> MockRequestHandler
 * }</pre>
 *
 * Answers, in OpenAI's shapes:
 * <ul>
 *   <li>images: one {@code b64_json} image, {@code revised_prompt} telling the model and the bytes received;</li>
 *   <li>{@code audio/speech}: {@link #SPEECH_BYTES} of {@code audio/mpeg} ({@link #speechByte}), chunked;</li>
 *   <li>transcriptions and translations: {@code text} = {@code "model=<m> bytes=<n> complete=<bool>"};</li>
 *   <li>moderations, files (upload, list, retrieve, content, delete), batches (create, list, retrieve, cancel).</li>
 * </ul>
 * Other paths pass on to the aggregator. Confined to the channel's event loop.
 */
public final class RestEndpoints extends ChannelInboundHandlerAdapter {

    /** The bytes of a body kept for the recorder and the model field. */
    static final int KEPT_BYTES = 64 * 1024;
    /** The length of every {@code audio/speech} answer. */
    public static final int SPEECH_BYTES = 1024 * 1024;
    private static final int SPEECH_CHUNK = 16 * 1024;
    private static final Pattern MODEL_FIELD =
            Pattern.compile("name=\"?model\"?[^\r]*\r\n(?:[^\r\n]+\r\n)*\r\n([^\r]*)\r\n");
    private static final Pattern MODEL_JSON = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");

    private final MockContext context;
    /** Objects kept per credential; null unless {@link MockOptions#keepObjects()}. */
    private final StoredObjectBook objects;
    /** The request being read by this handler; null when none (or when it went to the aggregator). */
    private HttpRequest head;
    private String path;
    private ByteBuf kept;
    private long bytes;
    /** The last bytes of the body: the form's closing boundary, and a model field after a large file. */
    private final byte[] end = new byte[4096];

    RestEndpoints(MockContext context) {
        this.context = context;
        this.objects = context.protocol instanceof OpenAiProtocol p ? p.objects : null;
    }

    /** The byte at {@code i} of every {@code audio/speech} answer. */
    public static byte speechByte(long i) {
        return (byte) (i * 31 + (i >>> 8));
    }

    private boolean ours(String path) {
        return path.contains("/images/") || path.contains("/audio/") || path.endsWith("/moderations")
                || path.contains("/files") || path.contains("/batches")
                || objects != null && path.contains("/responses/");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest h) {
            String p = MockRequestHandler.path(h.uri());
            if (!ours(p)) {
                head = null;
                ctx.fireChannelRead(msg);
                return;
            }
            head = h;
            path = p;
            bytes = 0;
            kept = ctx.alloc().buffer(1024, KEPT_BYTES);
            if (HttpUtil.is100ContinueExpected(h)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
        }
        if (head == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpContent c) {
            ByteBuf data = c.content();
            bytes += data.readableBytes();
            kept.writeBytes(data, data.readerIndex(), Math.min(data.readableBytes(), kept.maxWritableBytes()));
            int n = Math.min(end.length, data.readableBytes());
            System.arraycopy(end, n, end, 0, end.length - n);
            data.getBytes(data.writerIndex() - n, end, end.length - n, n);
            c.release();
            if (c instanceof LastHttpContent) {
                answer(ctx);
            }
        }
    }

    private void answer(ChannelHandlerContext ctx) {
        HttpRequest h = head;
        String body = kept.toString(StandardCharsets.UTF_8);
        kept.release();
        kept = null;
        head = null;
        context.recorder.record(h.method().name(), h.uri(), h.headers(), body);
        context.counters.request(path);
        boolean keepAlive = HttpUtil.isKeepAlive(h);
        String last = new String(end, StandardCharsets.ISO_8859_1);
        String model = find(h.headers(), body);
        if (model.equals("none") && bytes > KEPT_BYTES) {
            model = find(h.headers(), last);
        }
        boolean complete = last.endsWith("--\r\n");
        long now = 1_700_000_000L;
        HttpMethod m = h.method();
        if (path.endsWith("/audio/speech")) {
            speech(ctx, keepAlive);
            return;
        }
        String json;
        HttpResponseStatus status = HttpResponseStatus.OK;
        if (path.endsWith("/images/generations") || path.endsWith("/images/edits")) {
            json = "{\"created\":" + now + ",\"data\":[{\"b64_json\":\"aGVsbG8=\",\"revised_prompt\":\"model="
                    + model + " bytes=" + bytes + "\"}]}";
        } else if (path.endsWith("/audio/transcriptions") || path.endsWith("/audio/translations")) {
            json = "{\"text\":\"model=" + model + " bytes=" + bytes + " complete=" + complete + "\"}";
        } else if (path.endsWith("/moderations")) {
            json = moderation(model);
        } else if (objects != null && (json = kept(h, m, body, now)) != null) {
            status = json.startsWith("{\"error\"") ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK;
        } else {
            Matcher files = Pattern.compile(".*/files(?:/([^/]+))?(/content)?$").matcher(path);
            Matcher batches = Pattern.compile(".*/batches(?:/([^/]+))?(/cancel)?$").matcher(path);
            if (files.matches() && files.group(2) != null && m.equals(HttpMethod.GET)) {
                respond(ctx, keepAlive, HttpResponseStatus.OK, "application/octet-stream",
                        "{\"custom_id\":\"r1\"}\n".getBytes(StandardCharsets.UTF_8));
                return;
            } else if (files.matches() && files.group(1) == null && m.equals(HttpMethod.POST)) {
                json = file("file-mock1", bytes, complete ? "uploaded" : "error", now);
            } else if (files.matches() && files.group(1) == null) {
                json = "{\"object\":\"list\",\"data\":[" + file("file-mock1", 10, "processed", now)
                        + "],\"has_more\":false,\"first_id\":\"file-mock1\",\"last_id\":\"file-mock1\"}";
            } else if (files.matches() && m.equals(HttpMethod.DELETE)) {
                json = "{\"id\":\"" + files.group(1) + "\",\"object\":\"file\",\"deleted\":true}";
            } else if (files.matches()) {
                json = file(files.group(1), 10, "processed", now);
            } else if (batches.matches() && batches.group(1) == null && m.equals(HttpMethod.POST)) {
                json = batch("batch_mock1", "validating", now);
            } else if (batches.matches() && batches.group(1) == null) {
                json = "{\"object\":\"list\",\"data\":[" + batch("batch_mock1", "completed", now)
                        + "],\"has_more\":false,\"first_id\":\"batch_mock1\",\"last_id\":\"batch_mock1\"}";
            } else if (batches.matches() && batches.group(2) != null) {
                json = batch(batches.group(1), "cancelling", now);
            } else if (batches.matches()) {
                json = batch(batches.group(1), "in_progress", now);
            } else {
                status = HttpResponseStatus.NOT_FOUND;
                json = "{\"error\":{\"message\":\"Unknown request URL: " + m + " " + path
                        + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}";
            }
        }
        respond(ctx, keepAlive, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The answer of an operation on objects kept per credential ({@link StoredObjectBook}): files,
     * batches and responses; an error body (404) for an object of another credential or none; null
     * for a path that is none of these (or the content of a file: answered as without a book).
     */
    private String kept(HttpRequest h, HttpMethod m, String body, long now) {
        String credential = MockContext.credential(h.headers());
        Matcher files = Pattern.compile(".*/files(?:/([^/]+))?(/content)?$").matcher(path);
        Matcher batches = Pattern.compile(".*/batches(?:/([^/]+))?(/cancel)?$").matcher(path);
        Matcher responses = Pattern.compile(".*/responses/([^/]+)(?:/(input_items|cancel))?$").matcher(path);
        if (files.matches() && files.group(1) == null && m.equals(HttpMethod.POST)) {
            return file(objects.create("file-", credential, null), bytes, "uploaded", now);
        }
        if (batches.matches() && batches.group(1) == null && m.equals(HttpMethod.POST)) {
            Matcher input = Pattern.compile("\"input_file_id\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
            if (!input.find() || objects.find(input.group(1), credential) == null) {
                return notFound("input file", input.find(0) ? input.group(1) : "(none)");
            }
            return batch(objects.create("batch_", credential, null), "validating", now);
        }
        String id = files.matches() && files.group(2) == null ? files.group(1)
                : batches.matches() ? batches.group(1) : responses.matches() ? responses.group(1) : null;
        if (id == null) {
            return null;
        }
        StoredObjectBook.Entry e = objects.find(id, credential);
        if (e == null) {
            return notFound(responses.matches() ? "response" : files.matches() ? "file" : "batch", id);
        }
        if (files.matches()) {
            if (m.equals(HttpMethod.DELETE)) {
                objects.delete(id);
                return "{\"id\":\"" + id + "\",\"object\":\"file\",\"deleted\":true}";
            }
            return file(id, 10, "processed", now);
        }
        if (batches.matches()) {
            return batch(id, batches.group(2) != null ? "cancelling" : "in_progress", now);
        }
        if ("input_items".equals(responses.group(2))) {
            return "{\"object\":\"list\",\"data\":[{\"id\":\"msg_" + id + "\",\"type\":\"message\",\"role\":\"user\","
                    + "\"status\":\"completed\",\"content\":[{\"type\":\"input_text\",\"text\":\"kept by " + credential
                    + "\"}]}],\"first_id\":\"msg_" + id + "\",\"last_id\":\"msg_" + id + "\",\"has_more\":false}";
        }
        if (m.equals(HttpMethod.DELETE)) {
            objects.delete(id);
            return "{\"id\":\"" + id + "\",\"object\":\"response\",\"deleted\":true}";
        }
        return new ResponsesApiBodies(id, e.model(), now, 1, 0, null).response();
    }

    private static String notFound(String what, String id) {
        return "{\"error\":{\"message\":\"No " + what + " found with id '" + id
                + "'.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";
    }

    private static String find(HttpHeaders headers, String body) {
        Matcher f = (headers.get(HttpHeaderNames.CONTENT_TYPE, "").startsWith("multipart/") ? MODEL_FIELD : MODEL_JSON)
                .matcher(body);
        return f.find() ? f.group(1) : "none";
    }

    private static String file(String id, long bytes, String status, long now) {
        return "{\"id\":\"" + id + "\",\"object\":\"file\",\"bytes\":" + bytes + ",\"created_at\":" + now
                + ",\"filename\":\"input.jsonl\",\"purpose\":\"batch\",\"status\":\"" + status + "\"}";
    }

    private static String batch(String id, String status, long now) {
        return "{\"id\":\"" + id + "\",\"object\":\"batch\",\"endpoint\":\"/v1/chat/completions\",\"errors\":null,"
                + "\"input_file_id\":\"file-mock1\",\"completion_window\":\"24h\",\"status\":\"" + status + "\","
                + "\"created_at\":" + now + ",\"request_counts\":{\"total\":1,\"completed\":0,\"failed\":0}}";
    }

    private static String moderation(String model) {
        String[] categories = {"harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
            "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors",
            "violence", "violence/graphic"};
        StringBuilder flags = new StringBuilder();
        StringBuilder scores = new StringBuilder();
        StringBuilder applied = new StringBuilder();
        for (String c : categories) {
            String sep = flags.length() == 0 ? "" : ",";
            flags.append(sep).append('"').append(c).append("\":false");
            scores.append(sep).append('"').append(c).append("\":0.001");
            applied.append(sep).append('"').append(c).append("\":[\"text\"]");
        }
        return "{\"id\":\"modr-mock\",\"model\":\"" + ("none".equals(model) ? "omni-moderation-latest" : model)
                + "\",\"results\":[{\"flagged\":false,\"categories\":{" + flags + "},\"category_scores\":{" + scores
                + "},\"category_applied_input_types\":{" + applied + "}}]}";
    }

    private static void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status,
            String type, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        HttpUtil.setKeepAlive(r, keepAlive);
        ctx.writeAndFlush(r).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    /** {@link #SPEECH_BYTES} of audio in {@link #SPEECH_CHUNK} pieces, flushed one by one. */
    private static void speech(ChannelHandlerContext ctx, boolean keepAlive) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "audio/mpeg")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        HttpUtil.setKeepAlive(r, keepAlive);
        ctx.write(r);
        for (int off = 0; off < SPEECH_BYTES; off += SPEECH_CHUNK) {
            ByteBuf chunk = ctx.alloc().buffer(SPEECH_CHUNK);
            for (int i = 0; i < SPEECH_CHUNK; i++) {
                chunk.writeByte(speechByte(off + i));
            }
            ctx.writeAndFlush(new DefaultHttpContent(chunk));
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (kept != null) {
            kept.release();
            kept = null;
        }
        super.channelInactive(ctx);
    }
}
