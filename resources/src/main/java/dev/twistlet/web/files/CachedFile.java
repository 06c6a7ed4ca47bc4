package dev.twistlet.web.files;

import java.nio.ByteBuffer;

/**
 * A small file's whole answer to a plain {@code GET} or {@code HEAD}, known without blocking:
 * its bytes, held in memory by the tree's file cache, and the facts its headers carry. What
 * {@link FileResource#cachedFile} returns; a server may send it at once, on the thread that
 * read the request, with exactly the headers {@link FileResource} would set.
 */
public final class CachedFile {
    private final ByteBuffer content;
    private final String type;
    private final String encoding;
    private final String etag;
    private final long lastModifiedMillis;

    CachedFile(ByteBuffer content, MimeTypes.TypeAndEncoding type, String etag, long lastModifiedMillis) {
        this.content = content;
        this.type = type.type();
        this.encoding = type.encoding();
        this.etag = etag;
        this.lastModifiedMillis = lastModifiedMillis;
    }

    /** @return a read-only view of the bytes, of the caller's own, from the first to the last */
    public ByteBuffer bytes() {
        return content.duplicate();
    }

    /** @return how many bytes the file has: the {@code Content-Length} */
    public int length() {
        return content.remaining();
    }

    /** @return the {@code Content-Type} */
    public String type() {
        return type;
    }

    /** @return the {@code Content-Encoding} (e.g. {@code gzip} for {@code .gz}), or {@code null} for none */
    public String encoding() {
        return encoding;
    }

    /** @return the {@code ETag}, quoted */
    public String etag() {
        return etag;
    }

    /** @return the modification time, in milliseconds since the epoch, for {@code Last-Modified} */
    public long lastModifiedMillis() {
        return lastModifiedMillis;
    }
}
