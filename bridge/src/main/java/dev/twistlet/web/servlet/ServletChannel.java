package dev.twistlet.web.servlet;

import dev.twistlet.web.PathSegments;
import dev.twistlet.web.RequestChannel;
import dev.twistlet.web.RequestContent;
import dev.twistlet.web.Session;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link RequestChannel} over one servlet request and response. The site's root is
 * where the servlet is mapped: the raw request URI is split after the context path and
 * servlet path, so percent-encoded slashes stay inside their segment as far as the
 * container lets them through.
 */
final class ServletChannel implements RequestChannel {
    /** Request attribute carrying why an async response was aborted to the re-dispatch. */
    static final String ABORT_ATTRIBUTE = ServletChannel.class.getName() + ".abort";

    private final HttpServletRequest request;
    private final ConnectionWatcher watcher;
    private ConnectionWatcher.Watch watch;
    private final HttpServletResponse response;
    private final String sitePath;
    private final String rawPath;
    private ServletOutputStream out;
    private boolean handedOver;
    /** Guarded by {@code this}: whether the container's {@code service} call is still on the stack. */
    private boolean inService = true;
    /** Guarded by {@code this}: what waits for {@code service} to return. */
    private Runnable afterService;
    private AsyncContext async;
    /** Told when the async exchange times out or fails: the body reader, then the response. */
    private volatile Consumer<Throwable> onLost = cause -> { };
    private Throwable abortedInService;

    ServletChannel(HttpServletRequest request, HttpServletResponse response, ConnectionWatcher watcher) {
        this.request = request;
        this.watcher = watcher;
        this.response = response;
        String uri = request.getRequestURI();
        String prefix = sitePrefix(request);
        int split = prefix.isEmpty() ? 0 : siteEnd(uri, prefix);
        if (split >= 0) {
            this.sitePath = uri.substring(0, split);
            this.rawPath = withoutPathParameters(uri.substring(split));
        } else {
            // The raw URI does not spell the mapping segment by segment (dot segments, "//"):
            // fall back to the container's decoded path, re-encoded per segment.
            this.sitePath = prefix;
            this.rawPath = encode(request.getPathInfo());
        }
    }

    /** The decoded part of the path that names the servlet rather than a resource. */
    private static String sitePrefix(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
        if (match == MappingMatch.DEFAULT || match == MappingMatch.EXTENSION) {
            return request.getContextPath();
        }
        return request.getContextPath() + request.getServletPath();
    }

    /**
     * Finds where the raw URI's segments stop spelling {@code prefix} (the decoded context
     * and servlet path), comparing segment by segment with path parameters removed.
     *
     * @return the index of the rest of the path, or -1 when the URI does not spell it
     */
    private static int siteEnd(String uri, String prefix) {
        int at = 0;
        int p = 0;
        while (p < prefix.length()) {
            if (prefix.charAt(p) != '/' || at >= uri.length() || uri.charAt(at) != '/') {
                return -1;
            }
            int prefixEnd = prefix.indexOf('/', p + 1);
            prefixEnd = prefixEnd < 0 ? prefix.length() : prefixEnd;
            int uriEnd = uri.indexOf('/', at + 1);
            uriEnd = uriEnd < 0 ? uri.length() : uriEnd;
            if (!sameSegment(uri.substring(at + 1, uriEnd), prefix.substring(p + 1, prefixEnd))) {
                return -1;
            }
            p = prefixEnd;
            at = uriEnd;
        }
        return at;
    }

    private static boolean sameSegment(String raw, String expected) {
        int semicolon = raw.indexOf(';');
        String bare = semicolon < 0 ? raw : raw.substring(0, semicolon);
        if (bare.equals(expected)) {
            return true;
        }
        try {
            return PathSegments.decode(bare).equals(expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Drops {@code ;name=value} path parameters from each segment, as servlet containers do. */
    private static String withoutPathParameters(String rawPath) {
        if (rawPath.indexOf(';') < 0) {
            return rawPath;
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            int semicolon = segments[i].indexOf(';');
            out.append(semicolon < 0 ? segments[i] : segments[i].substring(0, semicolon));
        }
        return out.toString();
    }

    private static String encode(String decodedPath) {
        if (decodedPath == null || decodedPath.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : decodedPath.substring(1).split("/", -1)) {
            out.append('/').append(PathSegments.quote(segment));
        }
        return out.toString();
    }

    /** @return why the response was aborted while the container's call was still running */
    Throwable abortedInService() {
        return abortedInService;
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
        return sitePath;
    }

    @Override
    public String rawPath() {
        return rawPath;
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
        output().write(data, off, len);
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        if (data.hasArray()) {
            output().write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
            return;
        }
        ServletOutputStream out = output();
        MethodHandle direct = BUFFER_WRITERS.get(out.getClass());
        if (direct == null) {
            RequestChannel.super.write(data);
            return;
        }
        try {
            direct.invoke(out, data);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    /**
     * The output stream's own {@code write(ByteBuffer)}, when its class has one: Servlet 6.1
     * adds it, and Jetty's stream has it already. Looked up once per class.
     */
    private static final ClassValue<MethodHandle> BUFFER_WRITERS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "write",
                        MethodType.methodType(void.class, ByteBuffer.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return null;
            }
        }
    };

    @Override
    public void flush() throws IOException {
        output().flush();
    }

    private ServletOutputStream output() throws IOException {
        if (out == null) {
            out = response.getOutputStream();
        }
        return out;
    }

    /**
     * Puts the exchange in async mode once: a body read before {@code render} does so first,
     * and a response then held open goes on in the same context. Its timeout and listener
     * can only be set while the container's call runs, so the listener tells whoever
     * {@link #onLost} names at the time.
     */
    private AsyncContext async(Duration timeout) {
        if (async == null) {
            AsyncContext context = request.startAsync();
            context.setTimeout(timeout == null ? 0 : Math.max(1, timeout.toMillis()));
            context.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    stopWatching();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    onLost.accept(new TimeoutException("the response stayed open past the site's async timeout"));
                }

                @Override
                public void onError(AsyncEvent event) {
                    onLost.accept(event.getThrowable());
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
            async = context;
        }
        return async;
    }

    @Override
    public void readContent(RequestContent into, Duration asyncTimeout, Runnable done, Consumer<Throwable> failed) {
        ServletInputStream in;
        try {
            in = request.getInputStream();
        } catch (IOException | IllegalStateException e) {
            failed.accept(e);
            return;
        }
        onLost = failed;
        async(asyncTimeout);
        in.setReadListener(new ContentListener(in, into, done, failed));
    }

    @Override
    public void startAsync(Duration timeout, Consumer<Throwable> onConnectionLost) {
        onLost = onConnectionLost;
        async(timeout);
        // A handed-over exchange belongs to a foreign servlet, which learns of a client that
        // left at its next write, as in any container; completing the exchange under it from
        // the watcher would race its own writes.
        if (watcher != null && !handedOver && bodyConsumed()) {
            watch = watcher.watch(request,
                    () -> onConnectionLost.accept(new java.io.EOFException("the client closed the connection")));
        }
    }

    /** A watcher must not race the application for body bytes: watch only once none are due. */
    private boolean bodyConsumed() {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return true;
        }
        try {
            return request.getInputStream().isFinished();
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    @Override
    public void complete() throws IOException {
        stopWatching();
        if (async == null) {
            // Still inside the container's call: it completes the response when the call
            // returns, in one write, without a blocking close here.
            return;
        }
        if (!handedOver) {
            output().close();
        }
        async.complete();
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

    /**
     * Runs {@code task} once the container's {@code service} call has returned (at once if it
     * already has). A foreign servlet starts writing only then: a write from another thread
     * while the container thread is still inside {@code service} can race the container's
     * own end of the dispatch.
     *
     * @param task what to run
     */
    void afterService(Runnable task) {
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

    /** @return the container's request */
    HttpServletRequest servletRequest() {
        return request;
    }

    /** @return the container's response */
    HttpServletResponse servletResponse() {
        return response;
    }

    @Override
    public void abandon() {
        stopWatching();
        if (async != null) {
            try {
                async.complete();
            } catch (IllegalStateException alreadyDone) {
                // the container completed it first
            }
        }
    }

    private void stopWatching() {
        if (watch != null) {
            watch.cancel();
        }
    }

    @Override
    public void abort(Throwable cause) {
        stopWatching();
        if (async == null) {
            abortedInService = cause;
            return;
        }
        // The servlet API cannot abort a connection, but a container does when a dispatch
        // throws after the response was committed: re-dispatch and throw there.
        request.setAttribute(ABORT_ATTRIBUTE, cause);
        try {
            async.dispatch();
        } catch (IllegalStateException alreadyDone) {
            // the exchange is over already; nothing left to abort
        }
    }
}
