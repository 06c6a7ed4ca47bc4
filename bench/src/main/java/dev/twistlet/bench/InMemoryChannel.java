package dev.twistlet.bench;

import dev.twistlet.web.RequestChannel;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A {@link RequestChannel} with no container behind it, for microbenchmarks of the model alone. */
public final class InMemoryChannel implements RequestChannel {
    private final String method;
    private final String path;
    private final Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private long written;

    /**
     * @param method request method
     * @param path   raw path, e.g. {@code /a/b}
     */
    public InMemoryChannel(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** @return bytes the model wrote, so the benchmark can consume them */
    public long written() {
        return written;
    }

    @Override public String method() { return method; }
    @Override public String protocol() { return "HTTP/1.1"; }
    @Override public String sitePath() { return ""; }
    @Override public String rawPath() { return path; }
    @Override public String rawQuery() { return null; }
    @Override public String header(String name) { return null; }
    @Override public List<String> headers(String name) { return List.of(); }
    @Override public Collection<String> headerNames() { return List.of(); }
    @Override public Map<String, List<String>> parameters() { return Map.of(); }
    @Override public InputStream content() { return InputStream.nullInputStream(); }
    @Override public boolean secure() { return false; }
    @Override public String host() { return "localhost"; }
    @Override public int port() { return 8080; }
    @Override public InetSocketAddress clientAddress() { return null; }
    @Override public dev.twistlet.web.Session session(boolean create, Duration newTimeout) { return null; }
    @Override public void setStatus(int code) { }
    @Override public void setHeader(String name, String value) { responseHeaders.put(name, value); }
    @Override public void addHeader(String name, String value) { responseHeaders.merge(name, value, (a, b) -> a + ", " + b); }
    @Override public String responseHeader(String name) { return responseHeaders.get(name); }
    @Override public String contentType() { return responseHeaders.get("Content-Type"); }
    @Override public void setContentType(String type) { responseHeaders.put("Content-Type", type); }
    @Override public void setContentLength(long length) { responseHeaders.put("Content-Length", Long.toString(length)); }
    @Override public boolean committed() { return false; }
    @Override public void reset() { responseHeaders.clear(); }
    @Override public void write(byte[] data, int off, int len) { written += len; }
    @Override public void flush() { }
    @Override public void startAsync(Duration timeout, Consumer<Throwable> onConnectionLost) { }
    @Override public void abandon() { }
    @Override public void complete() { }
    @Override public void abort(Throwable cause) { }
}
