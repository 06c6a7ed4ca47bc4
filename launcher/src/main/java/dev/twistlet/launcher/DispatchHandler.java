package dev.twistlet.launcher;

import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.TryExecutor;

/**
 * Runs the handler it wraps on a pool thread, so that Jetty may run everything above it on
 * the thread that read the request. Above the servlet context, it lets the launcher declare
 * its handlers {@code NON_BLOCKING}: Jetty's I/O thread then reads and parses request after
 * request, queueing each to the pool, as Jetty 9 did and as Twisted's reactor reads while
 * {@code deferToThread} work runs.
 *
 * <p>Without it the context, which may block, makes the whole server {@code BLOCKING}, and
 * Jetty 12 runs each request on the thread that read it after handing the reading to another
 * thread. On one core under load that hand-off, per request, cost more than the queue:
 * hello six levels down answered 1.23x as many requests a second this way, and as many with
 * one client (see {@code docs/performance.md}).
 *
 * <p>What runs on the pool thread sees the request exactly as before; a request the wrapped
 * handler does not take is answered {@code 404}, and one it throws on {@code 500}, as Jetty
 * answers them.
 */
final class DispatchHandler extends Handler.Wrapper {
    private Executor executor;

    /** @param handler the handler to run on a pool thread (the servlet context) */
    DispatchHandler(Handler handler) {
        super(handler);
    }

    /** @return {@code NON_BLOCKING}: it only queues the request */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    protected void doStart() throws Exception {
        executor = getServer().getThreadPool();
        super.doStart();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Runnable task = () -> handleOnPool(request, response, callback);
        // A reserved thread, spinning or parked for work, takes it sooner than the queue.
        if (!(executor instanceof TryExecutor reserved && reserved.tryExecute(task))) {
            executor.execute(task);
        }
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
