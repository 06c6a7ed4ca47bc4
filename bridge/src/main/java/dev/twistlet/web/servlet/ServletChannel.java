package dev.twistlet.web.servlet;

import dev.twistlet.web.RequestChannel;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private AsyncContext async;
    private Throwable abortedInService;

    ServletChannel(HttpServletRequest request, HttpServletResponse response, ConnectionWatcher watcher) {
        this.request = request;
        this.watcher = watcher;
        this.response = response;
        String uri = request.getRequestURI();
        int split = splitAfterSegments(uri, countSegments(sitePrefix(request)));
        this.sitePath = uri.substring(0, split);
        this.rawPath = uri.substring(split);
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

    private static int countSegments(String prefix) {
        int n = 0;
        for (int i = 0; i < prefix.length(); i++) {
            if (prefix.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    private static int splitAfterSegments(String uri, int segments) {
        int at = 0;
        for (int i = 0; i < segments; i++) {
            int next = uri.indexOf('/', at + 1);
            if (next < 0) {
                return uri.length();
            }
            at = next;
        }
        return segments == 0 ? 0 : at;
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
        return addr == null ? null : InetSocketAddress.createUnresolved(addr, Math.max(0, request.getRemotePort()));
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
    public void flush() throws IOException {
        output().flush();
    }

    private ServletOutputStream output() throws IOException {
        if (out == null) {
            out = response.getOutputStream();
        }
        return out;
    }

    @Override
    public void startAsync(Duration timeout, Consumer<Throwable> onConnectionLost) {
        AsyncContext context = request.startAsync();
        context.setTimeout(timeout == null ? 0 : Math.max(1, timeout.toMillis()));
        context.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                stopWatching();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                onConnectionLost.accept(new TimeoutException("the response stayed open past the site's async timeout"));
            }

            @Override
            public void onError(AsyncEvent event) {
                onConnectionLost.accept(event.getThrowable());
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        this.async = context;
        if (watcher != null) {
            watch = watcher.watch(request,
                    () -> onConnectionLost.accept(new java.io.EOFException("the client closed the connection")));
        }
    }

    @Override
    public void complete() throws IOException {
        stopWatching();
        output().close();
        if (async != null) {
            async.complete();
        }
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
