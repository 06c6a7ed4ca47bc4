package dev.twistlet.web.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The encoder keeps nothing back: every write comes out at once, so a long stream needs no more memory than one write. */
class CompressingEncoderTest {

    @Test
    void tenMegabytesInChunksComeOutChunkByChunkAndDecodeWhole() throws Exception {
        CompressingEncoder encoder = new CompressingEncoder("gzip", sink -> new GZIPOutputStream(sink, 8192, true));
        assertThat(encoder).isNotNull();
        encoder.begin(new FakeResponse().request());
        Random random = new Random(42);
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 160; i++) {
            random.nextBytes(chunk);
            for (int j = 0; j < chunk.length; j += 2) {
                chunk[j] = 'a';
            }
            original.write(chunk);
            byte[] out = encoder.encode(chunk);
            assertThat(out.length).as("write %d is flushed through, not held back", i).isGreaterThan(chunk.length / 4);
            wire.write(out);
        }
        wire.write(encoder.finish());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(wire.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(original.toByteArray());
        }
        assertThat(wire.size()).isLessThan(original.size());
    }

    @Test
    void compressedTypesAreRecognised() {
        assertThat(CompressingEncoder.isCompressedType("image/png")).isTrue();
        assertThat(CompressingEncoder.isCompressedType("IMAGE/JPEG; q=1")).isTrue();
        assertThat(CompressingEncoder.isCompressedType("video/mp4")).isTrue();
        assertThat(CompressingEncoder.isCompressedType("font/woff2")).isTrue();
        assertThat(CompressingEncoder.isCompressedType("application/zip")).isTrue();
        assertThat(CompressingEncoder.isCompressedType("image/svg+xml")).isFalse();
        assertThat(CompressingEncoder.isCompressedType("text/html; charset=utf-8")).isFalse();
        assertThat(CompressingEncoder.isCompressedType(null)).isFalse();
    }
}
