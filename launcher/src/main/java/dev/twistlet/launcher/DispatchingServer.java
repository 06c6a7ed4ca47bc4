package dev.twistlet.launcher;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * A Jetty {@link Server} that reports {@code EITHER} when its handlers do. Jetty's own
 * {@code Server} combines its handlers' type with {@code NON_BLOCKING}, which turns
 * {@code EITHER} into {@code NON_BLOCKING}: Jetty would then run every request on the thread
 * that read it, never in non-blocking mode, and a {@link DispatchHandler} would run the servlet
 * context there too. Reported as {@code EITHER}, a request is run in non-blocking mode only
 * when no spare thread is ready to take the reading over, and the dispatch queues it then.
 */
final class DispatchingServer extends Server {
    /** What it reports while started, worked out once: Jetty asks for every request. */
    private volatile InvocationType started;

    /** @param threads the pool that runs requests and Jetty's I/O */
    DispatchingServer(ThreadPool threads) {
        super(threads);
    }

    @Override
    protected void doStart() throws Exception {
        started = null;
        super.doStart();
        started = combined();
    }

    @Override
    protected void doStop() throws Exception {
        started = null;
        super.doStop();
    }

    /** @return {@code EITHER} when the handlers are, otherwise what Jetty's server reports */
    @Override
    public InvocationType getInvocationType() {
        InvocationType type = started;
        return type != null ? type : combined();
    }

    private InvocationType combined() {
        InvocationType type = super.getInvocationType();
        Handler handler = getHandler();
        if (type == InvocationType.NON_BLOCKING && handler != null
                && handler.getInvocationType() == InvocationType.EITHER) {
            return InvocationType.EITHER;
        }
        return type;
    }
}
