package dev.twistlet.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A request body read whole, Twisted's {@code Request.content}: in memory while it is short,
 * in a temporary file (readable by this process only, deleted by {@link #close()}) once it
 * passes the in-memory threshold. Written by one thread, then read; {@link #open()} may be
 * called any number of times, each stream starting at the first byte.
 */
public final class RequestContent implements AutoCloseable {
    private final long maxBytes;
    private final int inMemoryBytes;
    private byte[] memory = new byte[0];
    private long length;
    private Path file;
    private OutputStream fileOut;
    private boolean closed;

    /**
     * @param maxBytes      the longest body taken: a longer one fails {@link #write}
     * @param inMemoryBytes how much stays in memory before the body moves to a file
     */
    public RequestContent(long maxBytes, int inMemoryBytes) {
        this.maxBytes = maxBytes;
        this.inMemoryBytes = inMemoryBytes;
    }

    /**
     * Appends body bytes.
     *
     * @param data bytes received
     * @param off  where they start
     * @param len  how many
     * @throws ContentException with 413 when the body grows past its maximum
     * @throws IOException      when the temporary file cannot be written, or after {@link #close()}
     */
    public synchronized void write(byte[] data, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the request body was released: its exchange has ended");
        }
        if (length + len > maxBytes) {
            throw new ContentException(413, "the request body is longer than " + maxBytes + " bytes");
        }
        if (file == null && length + len > inMemoryBytes) {
            file = Files.createTempFile("twistlet-body-", ".tmp");
            fileOut = Files.newOutputStream(file);
            fileOut.write(memory, 0, (int) length);
            memory = null;
        }
        if (file != null) {
            fileOut.write(data, off, len);
        } else {
            if (length + len > memory.length) {
                memory = Arrays.copyOf(memory, (int) Math.min(inMemoryBytes, Math.max(length + len, 2L * memory.length)));
            }
            System.arraycopy(data, off, memory, (int) length, len);
        }
        length += len;
    }

    /** @return how many bytes were written */
    public synchronized long length() {
        return length;
    }

    /**
     * @return a stream of the whole body from its first byte
     * @throws IOException when the temporary file cannot be read
     */
    public synchronized InputStream open() throws IOException {
        if (closed) {
            throw new IllegalStateException("the request body was released when its exchange ended");
        }
        if (file == null) {
            return new ByteArrayInputStream(memory, 0, (int) length);
        }
        fileOut.flush();
        return Files.newInputStream(file);
    }

    /**
     * @return the whole body as bytes, for form arguments
     * @throws UncheckedIOException when the temporary file cannot be read
     */
    synchronized byte[] bytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Releases the body: deletes its temporary file, if any. Streams opened before may fail. */
    @Override
    public synchronized void close() {
        closed = true;
        memory = null;
        if (file != null) {
            try {
                fileOut.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file that cannot be deleted is left to the system's cleaning
            }
        }
    }
}
