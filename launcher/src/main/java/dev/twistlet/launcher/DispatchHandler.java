package dev.twistlet.launcher;

import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Lets Jetty read a request on one thread and have the servlet context, which may block, run
 * on another, without handing the reading over on every request. It declares itself
 * {@code EITHER}: called the usual way it runs the context where it is; called in Jetty's
 * non-blocking mode (on a thread that must go back to reading), it queues the context to the
 * pool instead, and the reading thread goes on parsing the next request, as Jetty 9 did and as
 * Twisted's reactor reads while {@code deferToThread} work runs.
 *
 * <p>With the context {@code BLOCKING}, Jetty 12 hands the reading to a spare thread before
 * each request it runs; under load on one core that hand-off, one per request, cost more than
 * queueing (see "Dispatch" in {@code docs/performance.md}). With this handler Jetty's adaptive
 * strategy still hands the reading over while a spare thread is ready, and queues only when
 * none is, so the latency of a lightly loaded server stays as it was.
 *
 * <p>Only a server that reports {@code EITHER} calls it in non-blocking mode; see
 * {@link DispatchingServer}. The context sees the request exactly as before either way; a
 * request it does not take is answered {@code 404} and one it throws on {@code 500}, as Jetty
 * answers them.
 */
final class DispatchHandler extends Handler.Wrapper {
    private Executor executor;

    /** @param handler the handler that may block (the servlet context) */
    DispatchHandler(Handler handler) {
        super(handler);
    }

    /** @return {@code EITHER}: it blocks only when not called in non-blocking mode */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.EITHER;
    }

    @Override
    protected void doStart() throws Exception {
        executor = getServer().getThreadPool();
        super.doStart();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!Invocable.isNonBlockingInvocation()) {
            Handler next = getHandler();
            return next != null && next.handle(request, response, callback);
        }
        // To the queue, not to a reserved thread: Jetty keeps those for taking the reading over,
        // and spending them here made it queue more: TLS hello ran at about 0.9x the rate it has now.
        executor.execute(() -> handleOnPool(request, response, callback));
        return true;
    }

    private void handleOnPool(Request request, Response response, Callback callback) {
        try {
            Handler next = getHandler();
            if (next == null || !next.handle(request, response, callback)) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
        } catch (Throwable failure) {
            Response.writeError(request, response, callback, failure);
        }
    }
}
