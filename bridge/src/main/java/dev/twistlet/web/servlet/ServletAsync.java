package dev.twistlet.web.servlet;

import dev.twistlet.web.RequestContent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One exchange's life past the container's {@code service} call: servlet async mode,
 * entered once for a body read before {@code render} or a response held open, and how
 * it ends (completed, abandoned, aborted) or is lost (timed out, failed, or the client
 * gone, as its {@link ConnectionWatcher} tells).
 */
final class ServletAsync {
    private final HttpServletRequest request;
    private final ConnectionWatcher watcher;
    private ConnectionWatcher.Watch watch;
    private AsyncContext async;
    /** Told when the async exchange times out or fails: the body reader, then the response. */
    private volatile Consumer<Throwable> onLost = cause -> { };
    private Throwable abortedInService;

    ServletAsync(HttpServletRequest request, ConnectionWatcher watcher) {
        this.request = request;
        this.watcher = watcher;
    }

    /** @return why the response was aborted while the container's call was still running */
    Throwable abortedInService() {
        return abortedInService;
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

    /** See {@link dev.twistlet.web.RequestChannel#readContent}. */
    void readContent(RequestContent into, Duration asyncTimeout, Runnable done, Consumer<Throwable> failed) {
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

    /**
     * Holds the response open.
     *
     * @param timeout          the site's async timeout, or {@code null} for none
     * @param onConnectionLost told when the exchange times out, fails or the client leaves
     * @param handedOver       whether a foreign servlet writes the response: it learns of a
     *                         client that left at its next write, as in any container, since
     *                         completing the exchange under it from the watcher would race
     *                         its own writes
     */
    void hold(Duration timeout, Consumer<Throwable> onConnectionLost, boolean handedOver) {
        onLost = onConnectionLost;
        async(timeout);
        if (watcher != null && !handedOver && bodyConsumed()) {
            watch = watcher.watch(request,
                    () -> onConnectionLost.accept(new EOFException("the client closed the connection")));
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

    /**
     * Ends the exchange.
     *
     * @param body the response body to close first, or {@code null} (a foreign servlet's)
     */
    void complete(ResponseBody body) throws IOException {
        stopWatching();
        if (async == null) {
            // Still inside the container's call: it completes the response when the call
            // returns, in one write, without a blocking close here.
            return;
        }
        if (body != null) {
            body.close();
        }
        async.complete();
    }

    /** Ends the exchange without another write, if the container has not already. */
    void abandon() {
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

    /** Cuts the connection, by way of the container: see {@link TwistletServlet#service}. */
    void abort(Throwable cause) {
        stopWatching();
        if (async == null) {
            abortedInService = cause;
            return;
        }
        // The servlet API cannot abort a connection, but a container does when a dispatch
        // throws after the response was committed: re-dispatch and throw there.
        request.setAttribute(ServletChannel.ABORT_ATTRIBUTE, cause);
        try {
            async.dispatch();
        } catch (IllegalStateException alreadyDone) {
            // the exchange is over already; nothing left to abort
        }
    }
}
