package dev.twistlet.web.encoding;

import com.github.luben.zstd.ZstdOutputStream;
import dev.twistlet.web.Request;
import dev.twistlet.web.RequestEncoder;

/**
 * Compresses with Zstandard (zstd-jni) for clients that accept {@code zstd}, as current
 * browsers do; the same rules as {@link GzipEncoderFactory}.
 */
public class ZstdEncoderFactory implements EncoderFactory {
    private final int level;

    /** Zstandard at level 3, its own default. */
    public ZstdEncoderFactory() {
        this(3);
    }

    /** @param level 1 (fastest) to 19 (smallest) */
    public ZstdEncoderFactory(int level) {
        if (level < 1 || level > 19) {
            throw new IllegalArgumentException("zstd level must be 1 to 19, not " + level);
        }
        this.level = level;
    }

    @Override
    public RequestEncoder encoderForRequest(Request request) {
        if (!AcceptEncoding.accepts(request.getHeader("Accept-Encoding"), "zstd")) {
            return null;
        }
        return new CompressingEncoder("zstd", sink -> new ZstdOutputStream(sink, level));
    }
}
