package dev.twistlet.web.encoding;

import dev.twistlet.web.Request;
import dev.twistlet.web.RequestEncoder;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses with gzip for clients that accept it, the counterpart of Twisted's
 * {@code server.GzipEncoderFactory}. Its encoders sync-flush after every write.
 */
public class GzipEncoderFactory implements EncoderFactory {
    private final int compressLevel;

    /** Gzip at level 9, Twisted's default. */
    public GzipEncoderFactory() {
        this(9);
    }

    /** @param compressLevel 1 (fastest) to 9 (smallest) */
    public GzipEncoderFactory(int compressLevel) {
        if (compressLevel < 1 || compressLevel > 9) {
            throw new IllegalArgumentException("gzip level must be 1 to 9, not " + compressLevel);
        }
        this.compressLevel = compressLevel;
    }

    /** @return the level its encoders use */
    public int getCompressLevel() {
        return compressLevel;
    }

    @Override
    public RequestEncoder encoderForRequest(Request request) {
        if (!AcceptEncoding.accepts(request.getHeader("Accept-Encoding"), "gzip")) {
            return null;
        }
        return new CompressingEncoder("gzip", sink -> new GZIPOutputStream(sink, 8192, true) {
            {
                def.setLevel(compressLevel);
            }
        });
    }
}
