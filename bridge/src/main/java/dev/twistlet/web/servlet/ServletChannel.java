package dev.twistlet.web.servlet;

import dev.twistlet.web.RequestChannel;
import dev.twistlet.web.RequestContent;
import dev.twistlet.web.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link RequestChannel} over one servlet request and response. The request's accessors
 * and the response's status and headers are the container's; where the site ends is
 * {@link SitePath}'s, the body bytes go through {@link ResponseBody}, and what happens past
 * the container's {@code service} call (async mode, a held response, a client that leaves)
 * is {@link ServletAsync}'s.
 */
final class ServletChannel implements RequestChannel, ContainerExchange {
    /** Request attribute carrying why an async response was aborted to the re-dispatch. */
    static final String ABORT_ATTRIBUTE = ServletChannel.class.getName() + ".abort";

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final SitePath path;
    private final ResponseBody body;
    private final ServletAsync async;
    private boolean handedOver;
    private boolean outputStarted;
    /** Whether the tree asked for the session: only then, or when a session was presented, is there one to keep. */
    private boolean sessionUsed;
    /** Guarded by {@code this}: whether the container's {@code service} call is still on the stack. */
    private boolean inService = true;
    /** Guarded by {@code this}: what waits for {@code service} to return. */
    private Runnable afterService;

    ServletChannel(HttpServletRequest request, HttpServletResponse response, ConnectionWatcher watcher) {
        this.request = request;
        this.response = response;
        this.path = SitePath.of(request);
        this.body = new ResponseBody(response);
        this.async = new ServletAsync(request, watcher);
    }

    /** @return why the response was aborted while the container's call was still running */
    Throwable abortedInService() {
        return async.abortedInService();
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String protocol() {
        return request.getProtocol();
    }

    @Override
    public String sitePath() {
        return path.sitePath();
    }

    @Override
    public String rawPath() {
        return path.rawPath();
    }

    @Override
    public String rawQuery() {
        return request.getQueryString();
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public List<String> headers(String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public Collection<String> headerNames() {
        return Collections.list(request.getHeaderNames());
    }

    @Override
    public Map<String, List<String>> parameters() {
        Map<String, List<String>> args = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> args.put(name, List.copyOf(Arrays.asList(values))));
        return Collections.unmodifiableMap(args);
    }

    @Override
    public InputStream content() throws IOException {
        return request.getInputStream();
    }

    @Override
    public boolean secure() {
        return request.isSecure();
    }

    @Override
    public String host() {
        return request.getServerName();
    }

    @Override
    public int port() {
        return request.getServerPort();
    }

    @Override
    public InetSocketAddress clientAddress() {
        String addr = request.getRemoteAddr();
        // A Unix-socket peer has no address: the container reports it as empty.
        return addr == null || addr.isEmpty() ? null : InetSocketAddress.createUnresolved(addr, Math.max(0, request.getRemotePort()));
    }

    @Override
    public String remoteUser() {
        return request.getRemoteUser();
    }

    @Override
    public String authType() {
        return request.getAuthType();
    }

    @Override
    public Session session(boolean create, Duration newTimeout) {
        sessionUsed = true;
        return ServletSession.of(request, create, newTimeout);
    }

    @Override
    public void setStatus(int code) {
        response.setStatus(code);
    }

    @Override
    public void setHeader(String name, String value) {
        response.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        response.addHeader(name, value);
    }

    @Override
    public String responseHeader(String name) {
        return response.getHeader(name);
    }

    @Override
    public String contentType() {
        return response.getContentType();
    }

    @Override
    public void setContentType(String type) {
        response.setContentType(type);
    }

    @Override
    public void setContentLength(long length) {
        response.setContentLengthLong(length);
    }

    /**
     * Only over a multiplexed protocol (HTTP/2 and later). There a stream's last write shares
     * the connection with the other streams' and often waits for them, holding the thread,
     * where the end of the exchange sends it without waiting. Over HTTP/1.1 the connection is
     * the request's own: the last write goes out at once, and Jetty's end of an exchange with
     * unwritten content costs its servlet layer more than it saves (measured in
     * {@code docs/performance.md}).
     *
     * <p>Both containers hold a small body until the exchange ends and then state its
     * length: Jetty aggregates writes up to its aggregation size (a quarter of the buffer
     * unless configured otherwise), Tomcat fills its whole buffer. A quarter of the buffer
     * fits both.
     */
    @Override
    public boolean statesLengthOf(long length) {
        return !protocol().startsWith("HTTP/1.") && length <= response.getBufferSize() / 4;
    }

    @Override
    public boolean committed() {
        return response.isCommitted();
    }

    @Override
    public void reset() {
        response.reset();
    }

    @Override
    public void write(byte[] data, int off, int len) throws IOException {
        beforeOutput();
        body.write(data, off, len);
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        beforeOutput();
        body.write(data);
    }

    @Override
    public void flush() throws IOException {
        beforeOutput();
        body.flush();
    }

    /** The response may commit from here on: a session store that writes at commit must see changes first. */
    private void beforeOutput() {
        if (!outputStarted) {
            outputStarted = true;
            keepSessionChanges(false);
        }
    }

    private void keepSessionChanges(boolean committed) {
        if (sessionUsed || request.getRequestedSessionId() != null) {
            ServletSession.keepChanges(request, committed);
        }
    }

    @Override
    public void readContent(RequestContent into, Duration asyncTimeout, Runnable done, Consumer<Throwable> failed) {
        async.readContent(into, asyncTimeout, done, failed);
    }

    @Override
    public void startAsync(Duration timeout, Consumer<Throwable> onConnectionLost) {
        async.hold(timeout, onConnectionLost, handedOver);
    }

    @Override
    public void complete() throws IOException {
        keepSessionChanges(response.isCommitted());
        async.complete(handedOver ? null : body);
    }

    @Override
    public void handOver() {
        handedOver = true;
    }

    /** Jetty publishes its server's thread pool to every context under this name. */
    private static final String JETTY_EXECUTOR = "org.eclipse.jetty.server.Executor";

    @Override
    public Executor containerExecutor() {
        return request.getServletContext().getAttribute(JETTY_EXECUTOR) instanceof Executor executor
                ? executor : null;
    }

    @Override
    public void afterService(Runnable task) {
        synchronized (this) {
            if (inService) {
                Runnable before = afterService;
                afterService = before == null ? task : () -> {
                    before.run();
                    task.run();
                };
                return;
            }
        }
        task.run();
    }

    /** Called by {@link TwistletServlet} as its {@code service} returns. */
    void serviceReturned() {
        Runnable queued;
        synchronized (this) {
            inService = false;
            queued = afterService;
            afterService = null;
        }
        if (queued != null) {
            queued.run();
        }
    }

    @Override
    public HttpServletRequest servletRequest() {
        return request;
    }

    @Override
    public HttpServletResponse servletResponse() {
        return response;
    }

    @Override
    public void abandon() {
        async.abandon();
    }

    @Override
    public void abort(Throwable cause) {
        async.abort(cause);
    }
}
