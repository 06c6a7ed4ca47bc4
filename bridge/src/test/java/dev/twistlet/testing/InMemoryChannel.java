package dev.twistlet.testing;

import dev.twistlet.web.RequestChannel;
import dev.twistlet.web.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link RequestChannel} with no container behind it, as Twisted's {@code DummyRequest}:
 * for tests of the model without a socket, and for microbenchmarks of the model alone.
 *
 * <p>It behaves as a servlet response does where the model can tell: writes collect in a
 * buffer that commits the response when it passes {@link #BUFFER_SIZE} bytes or is flushed;
 * {@link #reset()} of a committed response throws; a complete, abandon or abort ends it.
 * What the model did can be read back: status, headers, body, how the exchange ended, and
 * {@link #loseConnection} plays the client going away. Methods are synchronized, so a test
 * may read from one thread while the model writes from others.
 */
public final class InMemoryChannel implements RequestChannel {
    /** Bytes a response buffers before it is committed, as a container's output buffer. */
    public static final int BUFFER_SIZE = 8192;

    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = 200;
    private long written;
    private int buffered;
    private boolean committed;
    private boolean async;
    private Consumer<Throwable> onConnectionLost;
    private String ending;
    private int flushes;
    private boolean statesLengths;
    private boolean lengthStatedAtEnd;

    /**
     * @param method request method
     * @param target raw path, with a query after {@code ?} if any, e.g. {@code /a/b?x=1}
     */
    public InMemoryChannel(String method, String target) {
        int q = target.indexOf('?');
        this.method = method;
        this.path = q < 0 ? target : target.substring(0, q);
        this.query = q < 0 ? null : target.substring(q + 1);
    }

    /**
     * Adds a request header.
     *
     * @return this channel
     */
    public synchronized InMemoryChannel withHeader(String name, String value) {
        requestHeaders.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    /**
     * Plays a container that states the length of a body held whole until the end, as Jetty
     * and Tomcat do (see {@link RequestChannel#statesLengthOf}): {@link #complete()} then sets
     * {@code Content-Length} when nothing set it and nothing was sent.
     *
     * @return this channel
     */
    public synchronized InMemoryChannel statingLengths() {
        statesLengths = true;
        return this;
    }

    /** @return whether {@link #complete()} stated the length, the model having left it */
    public synchronized boolean lengthStatedAtEnd() {
        return lengthStatedAtEnd;
    }

    @Override
    public synchronized boolean statesLengthOf(long length) {
        return statesLengths && length <= BUFFER_SIZE;
    }

    /** @return body bytes the model handed over (sent or buffered), so a benchmark can consume them */
    public synchronized long written() {
        return written;
    }

    /** @return the status set */
    public synchronized int status() {
        return status;
    }

    /** @return the body as UTF-8 text */
    public synchronized String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }

    /** @return the body's bytes */
    public synchronized byte[] bodyBytes() {
        return body.toByteArray();
    }

    /** @return how the exchange ended: {@code complete}, {@code abandon}, {@code abort} or {@code null} while open */
    public synchronized String ending() {
        return ending;
    }

    /** @return whether the model held the exchange open past its first call */
    public synchronized boolean isAsync() {
        return async;
    }

    /** @return how many times the model flushed */
    public synchronized int flushes() {
        return flushes;
    }

    /**
     * Plays the client going away (or the async timeout passing) while the exchange is held
     * open, as a container reports it.
     *
     * @param cause what the container would report
     */
    public void loseConnection(Throwable cause) {
        Consumer<Throwable> told;
        synchronized (this) {
            told = onConnectionLost;
            onConnectionLost = null;
        }
        if (told == null) {
            throw new IllegalStateException("the exchange is not held open");
        }
        told.accept(cause);
    }

    @Override public String method() { return method; }
    @Override public String protocol() { return "HTTP/1.1"; }
    @Override public String sitePath() { return ""; }
    @Override public String rawPath() { return path; }
    @Override public String rawQuery() { return query; }
    @Override public boolean secure() { return false; }
    @Override public String host() { return "localhost"; }
    @Override public int port() { return 8080; }
    @Override public InetSocketAddress clientAddress() { return new InetSocketAddress("127.0.0.1", 40000); }
    @Override public Session session(boolean create, Duration newTimeout) { return null; }
    @Override public Map<String, List<String>> parameters() { return Map.of(); }
    @Override public InputStream content() { return InputStream.nullInputStream(); }

    @Override
    public synchronized String header(String name) {
        List<String> values = requestHeaders.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public synchronized List<String> headers(String name) {
        return List.copyOf(requestHeaders.getOrDefault(name, List.of()));
    }

    @Override
    public synchronized Collection<String> headerNames() {
        return List.copyOf(requestHeaders.keySet());
    }

    @Override
    public synchronized void setStatus(int code) {
        if (!committed) {
            status = code;
        }
    }

    @Override
    public synchronized void setHeader(String name, String value) {
        if (committed) {
            return;
        }
        if (value == null) {
            responseHeaders.remove(name);
        } else {
            responseHeaders.put(name, new ArrayList<>(List.of(value)));
        }
    }

    @Override
    public synchronized void addHeader(String name, String value) {
        if (!committed) {
            responseHeaders.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    @Override
    public synchronized String responseHeader(String name) {
        List<String> values = responseHeaders.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public synchronized String contentType() {
        return responseHeader("Content-Type");
    }

    @Override
    public synchronized void setContentType(String type) {
        setHeader("Content-Type", type);
    }

    @Override
    public synchronized void setContentLength(long length) {
        setHeader("Content-Length", Long.toString(length));
    }

    @Override
    public synchronized boolean committed() {
        return committed;
    }

    @Override
    public synchronized void reset() {
        if (committed) {
            throw new IllegalStateException("reset after commit");
        }
        responseHeaders.clear();
        status = 200;
        body.reset();
        buffered = 0;
    }

    @Override
    public synchronized void write(byte[] data, int off, int len) throws IOException {
        if (ending != null) {
            throw new IOException("the exchange has ended (" + ending + ")");
        }
        body.write(data, off, len);
        written += len;
        buffered += len;
        if (buffered > BUFFER_SIZE) {
            committed = true;
            buffered = 0;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (ending != null) {
            throw new IOException("the exchange has ended (" + ending + ")");
        }
        flushes++;
        committed = true;
        buffered = 0;
    }

    @Override
    public synchronized void startAsync(Duration timeout, Consumer<Throwable> onLost) {
        async = true;
        onConnectionLost = onLost;
    }

    @Override
    public synchronized void complete() {
        if (statesLengths && !committed && !responseHeaders.containsKey("Content-Length")) {
            setContentLength(written);
            lengthStatedAtEnd = true;
        }
        end("complete");
    }

    @Override
    public synchronized void abandon() {
        end("abandon");
    }

    @Override
    public synchronized void abort(Throwable cause) {
        end("abort");
    }

    private void end(String how) {
        if (ending != null) {
            throw new IllegalStateException("ended twice: " + ending + ", then " + how);
        }
        ending = how;
        committed = true;
        onConnectionLost = null;
    }
}
