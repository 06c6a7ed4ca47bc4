package dev.twistlet.web.observe;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty 12 handler that times every request it passes on, from its arrival to the end of
 * its response (a response held open is timed until it ends), into
 * {@code http_server_requests_seconds}, and counts those under way. The status recorded is
 * the one the client got: a failure before the response was committed counts as the 500
 * Jetty then sends, a request no handler took as Jetty's 404.
 */
public final class RequestTimingHandler extends Handler.Wrapper {
    private final RequestMetrics metrics;

    /**
     * A handler to give the handler to time with {@link #setHandler(Handler)}.
     *
     * @param metrics where the requests are counted
     */
    public RequestTimingHandler(TwistletMetrics metrics) {
        this.metrics = metrics.requests();
    }

    /**
     * @param metrics where the requests are counted
     * @param handler the handler to time
     */
    public RequestTimingHandler(TwistletMetrics metrics, Handler handler) {
        super(handler);
        this.metrics = metrics.requests();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Timed timed = new Timed(callback, request, response, metrics.begin());
        boolean handled;
        try {
            handled = super.handle(request, response, timed);
        } catch (Exception | Error e) {
            timed.record(500);
            throw e;
        }
        if (!handled) {
            timed.record(404);
        }
        return handled;
    }

    /** The request's callback, which records the request as it completes. */
    private final class Timed extends Callback.Nested {
        private final Request request;
        private final Response response;
        private final long began;
        private final AtomicBoolean recorded = new AtomicBoolean();

        Timed(Callback callback, Request request, Response response, long began) {
            super(callback);
            this.request = request;
            this.response = response;
            this.began = began;
        }

        /** Records the request once, whichever way it ends first. */
        void record(int status) {
            if (recorded.compareAndSet(false, true)) {
                metrics.end(began, request.getMethod(), status, request.getHttpURI().getPath());
            }
        }

        @Override
        public void succeeded() {
            record(response.getStatus());
            super.succeeded();
        }

        @Override
        public void failed(Throwable failure) {
            // Uncommitted, Jetty answers the failure with a 500 page; committed, the status went out.
            record(response.isCommitted() ? response.getStatus() : 500);
            super.failed(failure);
        }
    }
}
