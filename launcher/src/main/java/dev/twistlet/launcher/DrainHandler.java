package dev.twistlet.launcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Counts the requests in flight so that a graceful stop can wait for them, and answers
 * {@code 503 Service Unavailable} to a request that arrives once the stop has begun. Jetty's
 * {@code GracefulHandler} keeps the same promise by wrapping every request and its stream,
 * which puts one more layer under each of the request's calls; this wraps only the request's
 * callback: one small object and three uncontended atomic updates per request.
 *
 * <p>A request counts from the moment it reaches this handler until its callback completes,
 * that is until its response has been written in full or has failed; a response held open
 * ({@code NOT_DONE_YET}) counts until it is finished.
 */
public final class DrainHandler extends Handler.Wrapper implements Graceful {
    private final AtomicLong inFlight = new AtomicLong();
    private final Graceful.Shutdown shutdown = new Graceful.Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
            return inFlight.get() == 0;
        }
    };

    /** @param handler the handler whose requests are counted */
    public DrainHandler(Handler handler) {
        super(handler);
    }

    /** @return how many requests have reached this handler and not yet completed */
    public long getRequestsInFlight() {
        return inFlight.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null || !isStarted()) {
            return false;
        }
        if (shutdown.isShutdown()) {
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
            return true;
        }
        inFlight.incrementAndGet();
        Counted counted = new Counted(callback);
        boolean handled = false;
        try {
            handled = next.handle(request, response, counted);
            return handled;
        } finally {
            if (!handled) {
                // Not taken, or thrown: Jetty answers on the callback it gave us, not on ours.
                counted.release();
            }
        }
    }

    /**
     * Begins the stop: requests arriving from now on are answered 503.
     *
     * @return completes once no request is in flight
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        return shutdown.shutdown();
    }

    /** @return whether {@link #shutdown()} has been called since the handler started */
    @Override
    public boolean isShutdown() {
        return shutdown.isShutdown();
    }

    @Override
    protected void doStart() throws Exception {
        shutdown.cancel();
        super.doStart();
    }

    /** The request's callback, which ends its count once, however it completes. */
    private final class Counted extends Callback.Nested {
        private static final AtomicIntegerFieldUpdater<Counted> RELEASED =
                AtomicIntegerFieldUpdater.newUpdater(Counted.class, "released");
        private volatile int released;

        Counted(Callback callback) {
            super(callback);
        }

        @Override
        public void completed() {
            release();
        }

        void release() {
            if (RELEASED.compareAndSet(this, 0, 1) && inFlight.decrementAndGet() == 0 && shutdown.isShutdown()) {
                shutdown.check();
            }
        }
    }
}
