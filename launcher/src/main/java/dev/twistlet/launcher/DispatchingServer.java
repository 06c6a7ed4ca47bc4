package dev.twistlet.launcher;

import java.util.function.Supplier;
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
 *
 * <p>HTTP/2 streams are the exception: requests set up inside {@link #asBlocking} see
 * {@code BLOCKING}, and Jetty runs each of them whole on a pool thread, as it does on its own
 * server. Run in non-blocking mode on the thread that reads the session, a stream's request
 * would be started there and finished on the pool thread the dispatch queues it to, and the two
 * threads would take turns on that stream's state; see {@link Http2Factories}.
 */
final class DispatchingServer extends Server {
    /** What it reports while started, worked out once: Jetty asks for every request. */
    private volatile InvocationType started;
    /** Set while the current thread sets up requests that must be reported {@code BLOCKING}. */
    private final ThreadLocal<Boolean> blocking = new ThreadLocal<>();

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

    /**
     * @return {@code BLOCKING} inside {@link #asBlocking}; otherwise {@code EITHER} when the
     *         handlers are, and what Jetty's server reports when they are not
     */
    @Override
    public InvocationType getInvocationType() {
        if (blocking.get() != null) {
            return InvocationType.BLOCKING;
        }
        InvocationType type = started;
        return type != null ? type : combined();
    }

    /**
     * Runs {@code work} on this thread with the server reporting {@code BLOCKING} to it: Jetty
     * takes a request's type from the server as it sets the request up, so requests set up by
     * {@code work} are run as on a blocking server, without the dispatch's non-blocking path.
     *
     * @param work what sets the requests up
     * @return what {@code work} returns
     */
    <T> T asBlocking(Supplier<T> work) {
        blocking.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            blocking.remove();
        }
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
