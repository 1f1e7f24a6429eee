package io.llmgateway.codec.multipart;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.multipart.MultipartModelFinder.State;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultipartModelFinderTest {

    private static final String BOUNDARY = "----FormBoundary7MA4YWxkTrZu0gW";

    private static byte[] form(boolean modelFirst, int fileBytes, String model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String modelPart = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n";
        String filePart = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n";
        String other = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n";
        byte[] file = new byte[fileBytes];
        for (int i = 0; i < file.length; i++) {
            // Bytes that look like the start of a delimiter, to test the partial-match restart.
            file[i] = (byte) ("\r\n--" + BOUNDARY.substring(0, 9) + "x").charAt(i % 14);
        }
        write(out, other);
        if (modelFirst) {
            write(out, modelPart);
        }
        write(out, filePart);
        out.writeBytes(file);
        write(out, "\r\n");
        if (!modelFirst) {
            write(out, modelPart);
        }
        write(out, "--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds {@code body} split at {@code split} (and the rest), as two buffers. */
    private static MultipartModelFinder feedSplit(byte[] body, int split, long lookahead) {
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, lookahead);
        ByteBuf a = Unpooled.wrappedBuffer(body, 0, split);
        ByteBuf b = Unpooled.wrappedBuffer(body, split, body.length - split);
        if (f.feed(a) == State.SEARCHING && f.feed(b) == State.SEARCHING) {
            f.end();
        }
        assertThat(a.readerIndex()).isZero();
        return f;
    }

    @Test
    void findsTheModelBeforeTheFileWhateverTheSplit() {
        byte[] body = form(true, 300, "whisper-1");
        for (int split = 0; split <= body.length; split++) {
            MultipartModelFinder f = feedSplit(body, split, 64 * 1024);
            assertThat(f.state()).as("split at %d", split).isEqualTo(State.FOUND);
            assertThat(f.model()).isEqualTo("whisper-1");
            assertThat(new String(body, (int) f.valueStart(), (int) (f.valueEnd() - f.valueStart()),
                    StandardCharsets.UTF_8)).isEqualTo("whisper-1");
        }
    }

    @Test
    void findsTheModelAfterTheFileWithinTheLookAheadWhateverTheSplit() {
        byte[] body = form(false, 500, "gpt-4o-transcribe");
        for (int split = 0; split <= body.length; split++) {
            MultipartModelFinder f = feedSplit(body, split, body.length);
            assertThat(f.state()).as("split at %d", split).isEqualTo(State.FOUND);
            assertThat(f.model()).isEqualTo("gpt-4o-transcribe");
        }
    }

    @Test
    void fedOneByteAtATimeStopsRightAfterTheValue() {
        byte[] body = form(true, 100, "whisper-1");
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 1 << 20);
        int fed = 0;
        while (f.state() == State.SEARCHING) {
            f.feed(Unpooled.wrappedBuffer(body, fed++, 1));
        }
        assertThat(f.state()).isEqualTo(State.FOUND);
        // The delimiter after the value is what ends it: nothing of the file part was needed.
        assertThat(fed).isEqualTo((int) f.valueEnd() + 2 + 2 + BOUNDARY.length());
    }

    @Test
    void givesUpWhenTheModelComesAfterTheLookAhead() {
        byte[] body = form(false, 10_000, "whisper-1");
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 4096);
        assertThat(f.feed(Unpooled.wrappedBuffer(body))).isEqualTo(State.GAVE_UP);
        assertThat(f.reason()).contains("4096");
        assertThat(f.model()).isNull();
        assertThat(f.valueStart()).isEqualTo(-1);
    }

    @Test
    void givesUpWhenTheFormHasNoModel() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + BOUNDARY + "--\r\n";
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 1 << 20);
        assertThat(f.feed(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8))).isEqualTo(State.GAVE_UP);
        assertThat(f.reason()).isEqualTo("no model field in the form");
    }

    @Test
    void anIncompleteFormGivesUpAtItsEnd() {
        byte[] body = form(true, 100, "whisper-1");
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 1 << 20);
        assertThat(f.feed(Unpooled.wrappedBuffer(body, 0, 60))).isEqualTo(State.SEARCHING);
        assertThat(f.end()).isEqualTo(State.GAVE_UP);
    }

    @Test
    void aModelValueOverTheBoundIsNotKept() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
                + "m".repeat(MultipartModelFinder.MAX_MODEL_BYTES + 1) + "\r\n--" + BOUNDARY + "--\r\n";
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 1 << 20);
        assertThat(f.feed(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8))).isEqualTo(State.GAVE_UP);
        assertThat(f.reason()).contains("longer than 256");
    }

    @Test
    void partHeadersOverTheBoundGiveUp() {
        String body = "--" + BOUNDARY + "\r\nX-Pad: " + "p".repeat(MultipartModelFinder.MAX_PART_HEADER_BYTES)
                + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nm\r\n--" + BOUNDARY + "--\r\n";
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 1 << 20);
        assertThat(f.feed(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8))).isEqualTo(State.GAVE_UP);
        assertThat(f.reason()).contains("headers exceed");
    }

    @Test
    void aNameThatOnlyContainsModelIsNotTheModel() {
        String body = "--" + BOUNDARY + "\r\ncontent-disposition: form-data; name=\"model_x\"\r\n\r\nno\r\n--"
                + BOUNDARY + "\r\nCONTENT-DISPOSITION: form-data; name=model\r\n\r\nyes\r\n--" + BOUNDARY + "--";
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 1 << 20);
        assertThat(f.feed(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8))).isEqualTo(State.FOUND);
        assertThat(f.model()).isEqualTo("yes");
    }

    @Test
    void aPreambleBeforeTheFirstBoundaryIsSkipped() {
        String body = "preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
                + "tts-1\r\n--" + BOUNDARY + "--";
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 1 << 20);
        assertThat(f.feed(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8))).isEqualTo(State.FOUND);
        assertThat(f.model()).isEqualTo("tts-1");
    }

    @Test
    void aLookAheadOfZeroGivesUpAtOnce() {
        assertThat(new MultipartModelFinder(BOUNDARY, 0).state()).isEqualTo(State.GAVE_UP);
    }

    @Test
    void readsTheBoundaryOfAContentType() {
        assertThat(MultipartModelFinder.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartModelFinder.boundary("Multipart/Form-Data;charset=utf-8; boundary=\"a b\"; x=y"))
                .isEqualTo("a b");
        assertThat(MultipartModelFinder.boundary("application/json")).isNull();
        assertThat(MultipartModelFinder.boundary("multipart/form-data")).isNull();
        assertThat(MultipartModelFinder.boundary(null)).isNull();
    }

    @Test
    void theSpliceReplacesOnlyTheValue() {
        byte[] body = form(true, 200, "whisper-1");
        MultipartModelFinder f = new MultipartModelFinder(BOUNDARY, 1 << 20);
        f.feed(Unpooled.wrappedBuffer(body));
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(body);
        ByteBuf spliced = MultipartModelSplice.replaceModel(buf, (int) f.valueStart(), (int) f.valueEnd(),
                "whisper-large-v3", PooledByteBufAllocator.DEFAULT);
        try {
            byte[] out = ByteBufUtil.getBytes(spliced);
            String expected = new String(body, StandardCharsets.ISO_8859_1).replace("\r\n\r\nwhisper-1\r\n",
                    "\r\n\r\nwhisper-large-v3\r\n");
            assertThat(Arrays.equals(out, expected.getBytes(StandardCharsets.ISO_8859_1))).isTrue();
            MultipartModelFinder again = new MultipartModelFinder(BOUNDARY, 1 << 20);
            assertThat(again.feed(spliced)).isEqualTo(State.FOUND);
            assertThat(again.model()).isEqualTo("whisper-large-v3");
        } finally {
            spliced.release();
            buf.release();
        }
    }
}
