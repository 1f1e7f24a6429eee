package io.llmgateway.adapters.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;

/**
 * The one {@link JsonFactory} of the adapters, and parser/generator constructors over
 * {@link ByteBuf}s. jackson-core only: no databind anywhere in main code.
 */
public final class Json {

    /**
     * Shared and thread-safe. String values may be large (base64 images in requests); the request
     * size limit of the core bounds them, so the factory does not add its own.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }

    /** A parser over the readable bytes of {@code buf}; the buffer's indexes are left untouched. */
    public static JsonParser parser(ByteBuf buf) throws IOException {
        return FACTORY.createParser((java.io.InputStream) new ByteBufInputStream(buf.duplicate()));
    }

    /** A generator appending to {@code out}; close it to flush. */
    public static JsonGenerator generator(ByteBuf out) throws IOException {
        return FACTORY.createGenerator((java.io.OutputStream) new ByteBufOutputStream(out));
    }
}
