package dev.twistlet.web.encoding;

import dev.twistlet.web.Request;
import dev.twistlet.web.RequestEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link RequestEncoder} that compresses through a stream ({@code GZIPOutputStream},
 * {@code ZstdOutputStream}), flushing after every write so a streamed response reaches the
 * client write by write. It leaves alone responses that already have a
 * {@code Content-Encoding} and those whose type is compressed already (images but SVG,
 * audio, video, archives, WOFF fonts, PDF).
 */
public final class CompressingEncoder implements RequestEncoder {
    private static final Set<String> COMPRESSED_TYPES = Set.of(
            "application/zip", "application/gzip", "application/x-gzip", "application/x-bzip2",
            "application/x-xz", "application/x-7z-compressed", "application/x-rar-compressed",
            "application/vnd.rar", "application/zstd", "application/x-compress", "application/pdf",
            "font/woff", "font/woff2", "application/font-woff");

    /** Builds the compressing stream over the sink the encoder drains. */
    @FunctionalInterface
    public interface StreamFactory {
        /**
         * @param sink where compressed bytes go
         * @return a compressing stream whose {@code flush()} emits everything written so far
         * @throws IOException when the stream cannot be set up
         */
        OutputStream open(OutputStream sink) throws IOException;
    }

    private final String coding;
    private final StreamFactory factory;
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream(8192);
    private OutputStream compressor;

    /**
     * @param coding  the {@code Content-Encoding} token, e.g. {@code gzip}
     * @param factory builds the compressing stream
     */
    public CompressingEncoder(String coding, StreamFactory factory) {
        this.coding = coding;
        this.factory = factory;
    }

    /**
     * @param contentType a {@code Content-Type} value, or {@code null}
     * @return whether bodies of that type are compressed already
     */
    public static boolean isCompressedType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return !type.equals("image/svg+xml") && !type.equals("image/bmp") && !type.equals("image/x-icon");
        }
        return type.startsWith("video/") || type.startsWith("audio/") || COMPRESSED_TYPES.contains(type);
    }

    @Override
    public boolean begin(Request request) {
        if (request.getResponseHeader("Content-Encoding") != null
                || isCompressedType(request.getResponseHeader("Content-Type"))) {
            return false;
        }
        try {
            compressor = factory.open(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        request.setHeader("Content-Encoding", coding);
        return true;
    }

    @Override
    public byte[] encode(byte[] data) {
        try {
            compressor.write(data);
            compressor.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    @Override
    public byte[] finish() {
        try {
            compressor.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    private byte[] drain() {
        byte[] out = sink.toByteArray();
        sink.reset();
        return out;
    }
}
