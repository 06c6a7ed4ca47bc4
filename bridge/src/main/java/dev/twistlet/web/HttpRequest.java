package dev.twistlet.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The HTTP side of a {@link Request}, its only subclass (Twisted's {@code http.Request},
 * under {@code server.Request}): what the client sent (method, path, query, headers,
 * arguments, body, addresses) and the response written back, whose state machine is
 * {@code ResponseState}. Resources use it as a {@code Request}; see there for the threading
 * and lifetime rules.
 */
public abstract sealed class HttpRequest permits Request {
    /** The longest form body whose fields become arguments, as Tomcat's {@code maxPostSize}. */
    public static final int MAX_FORM_BYTES = 2 << 20;

    private final RequestChannel channel;
    private final ResponseState response;
    private final String method;
    private final String rawQuery;
    // The fields below are volatile: a held response is read and changed from many threads.
    private volatile String sitePath;
    private volatile String rawPath;
    /** Read from the channel on first use, or when a held response ends. */
    private volatile Origin origin;
    /** The body, when the dispatcher read it whole before rendering; released at the end. */
    private volatile RequestContent content;
    private volatile Map<String, List<String>> args;
    private volatile String hostOverride;
    private volatile int portOverride;
    private volatile boolean secureOverride;
    private volatile InetSocketAddress clientOverride;

    HttpRequest(RequestChannel channel) {
        this.channel = channel;
        this.method = channel.method();
        // Kept here: after the response completes, the container may recycle its request.
        this.sitePath = channel.sitePath();
        this.rawPath = channel.rawPath();
        this.rawQuery = channel.rawQuery();
        this.response = new ResponseState(this, channel);
    }

    /**
     * @param type the container-side view wanted, e.g. the servlet bridge's channel
     * @param <T>  its type
     * @return the channel this request runs over, as {@code type}, or {@code null}
     */
    public <T> T unwrap(Class<T> type) {
        return channel.unwrap(type);
    }

    // ---------------------------------------------------------------- writing

    /**
     * Sends body bytes. The first write sets {@code Content-Type: text/html; charset=utf-8}
     * unless a type was set. HEAD responses, 204 and 304 count the bytes but send none.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(byte[] data) {
        response.write(ByteBuffer.wrap(data));
    }

    /**
     * Sends the bytes of a buffer, from its position to its limit, as {@link #write(byte[])}
     * does; the buffer is consumed. A direct buffer may reach the socket without a copy
     * through the heap, when the container allows.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(ByteBuffer data) {
        response.write(data);
    }

    /**
     * Sends text as UTF-8, as {@link #write(byte[])} does.
     *
     * @param text the text
     */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends what the container has buffered so far. */
    public void flush() {
        response.flush();
    }

    /**
     * Ends the response. A HEAD response without a length gets the length of what was
     * written. A second call is ignored with a warning; after the client went away it is
     * silently ignored.
     */
    public void finish() {
        response.finish();
    }

    /** @return whether {@link #finish()} was called or the client went away */
    public boolean isFinished() {
        return response.isFinished();
    }

    /**
     * A stage that completes normally when the response is finished and exceptionally, with
     * a {@link ConnectionLostException}, when the client goes away first. Asked after the
     * end, it is already complete (unlike Twisted's, which never fires then).
     *
     * @return the finish notice
     */
    public CompletionStage<Void> notifyFinish() {
        return response.notifyFinish();
    }

    // ---------------------------------------------------------------- response status and headers

    /**
     * Sets the status code; ignored with a warning once the response has been sent.
     *
     * @param code an HTTP status code
     */
    public void setResponseCode(int code) {
        response.setResponseCode(code);
    }

    /** @return the status code set so far (200 by default) */
    public int getResponseCode() {
        return response.getResponseCode();
    }

    /**
     * Sets a response header, replacing earlier values; {@code null} removes it. Ignored
     * with a warning once the response has ended.
     *
     * @param name  header name
     * @param value header value, or {@code null}
     */
    public void setHeader(String name, String value) {
        response.setHeader(name, value, false);
    }

    /**
     * Adds a value to a response header; ignored with a warning once the response has ended.
     *
     * @param name  header name
     * @param value header value
     */
    public void addHeader(String name, String value) {
        response.setHeader(name, value, true);
    }

    /**
     * @param name a header name, in any case
     * @return the first value of that response header, or {@code null} (always once the
     *         response has ended)
     */
    public String getResponseHeader(String name) {
        return response.getResponseHeader(name);
    }

    /**
     * Installs the encoder for this response's body (see {@link RequestEncoder}); only one
     * per request, and only before the body starts. {@code EncodingResourceWrapper} calls it.
     *
     * @param encoder the encoder
     * @throws IllegalStateException when the body has started or an encoder is installed
     */
    public void setEncoder(RequestEncoder encoder) {
        response.setEncoder(encoder);
    }

    /**
     * Sets {@code Last-Modified} and checks {@code If-Modified-Since}.
     *
     * @param when the resource's modification time (sent to the second)
     * @return {@code true} when the client's copy is current: the code is then 304 and the
     *         resource should return an empty body
     */
    public boolean setLastModified(Instant when) {
        setHeader("Last-Modified", Conditional.formatDate(when));
        if (Conditional.notModifiedSince(when, this)) {
            setResponseCode(304);
            return true;
        }
        return false;
    }

    /**
     * Sets {@code ETag} and checks {@code If-None-Match} (weak comparison).
     *
     * @param etag the tag, quoted or not ({@code W/"x"} marks a weak one)
     * @return {@code true} when a tag matched: the code is then 304 for GET and HEAD and 412
     *         otherwise, and the resource should return an empty body
     */
    public boolean setETag(String etag) {
        String tag = Conditional.quoteETag(etag);
        setHeader("ETag", tag);
        if (getHeader("If-None-Match") != null && Conditional.noneMatchHits(tag, getHeaders("If-None-Match"))) {
            setResponseCode("GET".equals(method) || "HEAD".equals(method) ? 304 : 412);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- what the client sent

    /** @return the method as sent, e.g. {@code GET} */
    public String getMethod() {
        return method;
    }

    /** @return the protocol, e.g. {@code HTTP/1.1} */
    public String getProtocol() {
        return origin().protocol();
    }

    /** @return the raw request target: path and query as sent */
    public String getUri() {
        return rawQuery == null ? getPath() : getPath() + "?" + rawQuery;
    }

    /** @return the query as sent (still percent-encoded), without {@code ?}; {@code null} when there was none */
    public String getQuery() {
        return rawQuery;
    }

    /** @return the raw path as sent, without the query */
    public String getPath() {
        return sitePath + rawPath;
    }

    /**
     * Changes the path this request reports from now on ({@link #getPath()},
     * {@link #getUri()}, {@link #prePathURL()}), as Twisted's VHostMonster and rewriters
     * change {@code request.path} and {@code request.uri}. The prepath and postpath are the
     * caller's to adjust; the query stays.
     *
     * @param sitePath the raw path before the site's root, {@code ""} for none
     * @param rawPath  the raw path below it, starting with {@code /}
     */
    public void setPath(String sitePath, String rawPath) {
        this.sitePath = sitePath;
        this.rawPath = rawPath;
    }

    /** @return the raw path before the site's root (a servlet's context and mapping) */
    public String getSitePath() {
        return sitePath;
    }

    /**
     * @return the container's worker pool when the container shares it (Jetty does), else
     *         {@code null}; a client whose callbacks write to requests runs best on it, as
     *         Jetty's own {@code ProxyServlet} does
     */
    public Executor getContainerExecutor() {
        return channel.containerExecutor();
    }

    /**
     * @return query and form arguments, decoded, each name with its values in order; a form
     *         body counts up to {@value #MAX_FORM_BYTES} bytes
     */
    public Map<String, List<String>> getArgs() {
        Map<String, List<String>> a = args;
        if (a == null) {
            requireOpen("getArgs");
            RequestContent read = content;
            a = read == null ? channel.parameters()
                    : FormArguments.ofRequest(rawQuery, channel.header("Content-Type"), read, MAX_FORM_BYTES);
            args = a;
        }
        return a;
    }

    /**
     * @param name an argument name
     * @return its first value, or {@code null}
     */
    public String getArg(String name) {
        List<String> values = getArgs().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * @param name a header name, in any case
     * @return the first value of that request header, or {@code null}
     */
    public String getHeader(String name) {
        requireOpen("getHeader");
        return channel.header(name);
    }

    /**
     * @param name a header name, in any case
     * @return every value of that request header; empty when absent
     */
    public List<String> getHeaders(String name) {
        requireOpen("getHeaders");
        return channel.headers(name);
    }

    /** @return the names of the request's headers */
    public Collection<String> getHeaderNames() {
        requireOpen("getHeaderNames");
        return channel.headerNames();
    }

    /**
     * @param name a cookie name
     * @return the value the client sent for it, or {@code null}
     */
    public String getCookie(String name) {
        for (String header : getHeaders("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return pair.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    /**
     * The request body. For most resources the dispatcher has read it whole before
     * {@code render} (see {@link ContentLimits}), and each call gives a stream from its first
     * byte; for a {@link StreamingResource} it is the container's live stream, read once.
     *
     * @return the request body as a stream
     * @throws IOException when the container cannot give it
     */
    public InputStream getContent() throws IOException {
        requireOpen("getContent");
        RequestContent read = content;
        return read != null ? read.open() : channel.content();
    }

    /**
     * @return the body's length: exact when the dispatcher read it whole (for every resource
     *         but a {@link StreamingResource}), else the declared {@code Content-Length}, or
     *         -1 when the length is not known
     */
    public long getContentLength() {
        requireOpen("getContentLength");
        RequestContent read = content;
        return read != null ? read.length() : channel.contentLength();
    }

    /** @return whether the request came over TLS, or was declared so by {@link #setHost} */
    public boolean isSecure() {
        return hostOverride != null ? secureOverride : origin().secure();
    }

    /** @return the host name the client asked for, without port */
    public String getHost() {
        return hostOverride != null ? hostOverride : origin().host();
    }

    /** @return the port the client asked for */
    public int getPort() {
        return hostOverride != null ? portOverride : origin().port();
    }

    /**
     * Declares the public host, port and scheme, for a server behind a proxy (Twisted's
     * {@code setHost}); {@link #prePathURL()} and redirects use them from then on.
     *
     * @param host   host name
     * @param port   port
     * @param secure whether the public URL is {@code https}
     */
    public void setHost(String host, int port, boolean secure) {
        this.portOverride = port;
        this.secureOverride = secure;
        this.hostOverride = host; // last: readers test it before reading the other two
    }

    /** @return the client's address, or {@code null} when the transport has none */
    public InetSocketAddress getClientAddress() {
        InetSocketAddress override = clientOverride;
        return override != null ? override : origin().clientAddress();
    }

    /**
     * Declares the client's address, for a server behind a trusted proxy that reports it
     * ({@code ForwardedResource}); {@link #getClientAddress()} returns it from then on.
     *
     * @param client the address the proxy says the request came from
     */
    public void setClientAddress(InetSocketAddress client) {
        this.clientOverride = client;
    }

    /** @return the user the container authenticated (servlet security), or {@code null} */
    public String getRemoteUser() {
        requireOpen("getRemoteUser");
        return channel.remoteUser();
    }

    /** @return how the container authenticated the user ({@code BASIC}, ...), or {@code null} */
    public String getAuthType() {
        requireOpen("getAuthType");
        return channel.authType();
    }

    // ---------------------------------------------------------------- for Request, Renderer and ResponseState

    RequestChannel channel() {
        return channel;
    }

    ResponseState response() {
        return response;
    }

    /** @return the raw path below the site's root, as sent (or set by {@link #setPath}) */
    String rawPath() {
        return rawPath;
    }

    void setContent(RequestContent body) {
        content = body;
    }

    /** Reads the origin now, so it stays readable after the end. */
    void keepOrigin() {
        origin();
    }

    private Origin origin() {
        Origin o = origin;
        if (o == null) {
            requireOpen("getHost/getPort/isSecure/getProtocol/getClientAddress");
            o = Origin.of(channel);
            origin = o;
        }
        return o;
    }

    /** The container may recycle its request once the response ends: fail clearly instead. */
    final void requireOpen(String what) {
        if (response.isEnded()) {
            throw new IllegalStateException("Request." + what + " called after the response to " + method + " "
                    + getUri() + " ended; read what you need before finish()");
        }
    }
}
