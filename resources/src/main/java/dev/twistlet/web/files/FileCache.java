package dev.twistlet.web.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the file system said about paths under one root, kept for a short while (one second
 * by default, as nginx's {@code open_file_cache_valid}) so a busy file costs no system call
 * per request; small files' bytes are kept too, within a total budget, least recently used
 * first out. A change on disk shows once its entry is older than the validity.
 */
final class FileCache {
    /**
     * One path's facts. {@code content} holds the bytes of a small regular file, read-only:
     * on the heap up to {@value #HEAP_LIMIT} bytes, else in direct memory, which the
     * container can send without copying it through the heap first.
     */
    record Entry(boolean exists, boolean linkExists, boolean directory, boolean readable, long size,
            long modifiedMillis, Path realPath, ByteBuffer content, long checkedNanos, String etag) {
    }

    /** Larger cached files live in direct memory. */
    static final int HEAP_LIMIT = 16 * 1024;

    private final long validityNanos;
    private final int maxFileBytes;
    private final long maxTotalBytes;
    private final Map<Path, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long totalBytes;

    /** {@link #get} as a function: every path's facts, looked up when not fresh. */
    final Function<Path, Entry> looked = this::get;
    /** {@link #peek} as a function: facts only where fresh in the cache, else {@code null}. */
    final Function<Path, Entry> peeked = this::peek;

    FileCache(Duration validity, int maxFileBytes, long maxTotalBytes) {
        this.validityNanos = validity.toNanos();
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    Entry get(Path path) {
        Entry cached = peek(path);
        if (cached != null) {
            return cached;
        }
        Entry fresh = look(path, System.nanoTime());
        if (validityNanos > 0) {
            store(path, fresh);
        }
        return fresh;
    }

    /**
     * @return the path's facts if the cache holds them and they are still valid, else
     *         {@code null}; never asks the file system
     */
    Entry peek(Path path) {
        if (validityNanos <= 0) {
            return null;
        }
        long now = System.nanoTime();
        synchronized (this) {
            Entry cached = entries.get(path);
            return cached != null && now - cached.checkedNanos() < validityNanos ? cached : null;
        }
    }

    private Entry look(Path path, long now) {
        boolean linkExists = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return new Entry(false, linkExists, false, false, 0, 0, null, null, now, null);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            real = null;
        }
        boolean readable = Files.isReadable(path);
        ByteBuffer content = null;
        if (attributes.isRegularFile() && readable && attributes.size() <= maxFileBytes && validityNanos > 0) {
            try {
                byte[] bytes = Files.readAllBytes(path);
                if (bytes.length == attributes.size()) {
                    content = bytes.length <= HEAP_LIMIT ? ByteBuffer.wrap(bytes)
                            : ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
                    content = content.asReadOnlyBuffer();
                }
            } catch (IOException e) {
                content = null;
            }
        }
        long modified = attributes.lastModifiedTime().toMillis();
        // A strong tag from size and modification time, as nginx makes it.
        String etag = "\"" + Long.toHexString(attributes.size()) + "-" + Long.toHexString(modified) + "\"";
        return new Entry(true, linkExists, attributes.isDirectory(), readable, attributes.size(), modified, real,
                content, now, etag);
    }

    private synchronized void store(Path path, Entry entry) {
        Entry old = entries.put(path, entry);
        totalBytes += weight(entry) - (old == null ? 0 : weight(old));
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && (totalBytes > maxTotalBytes
                || entries.size() > 100_000); ) {
            Entry eldest = it.next();
            if (eldest == entry) {
                break;
            }
            totalBytes -= weight(eldest);
            it.remove();
        }
    }

    private static long weight(Entry entry) {
        return entry.content() == null ? 0 : entry.content().capacity();
    }
}
