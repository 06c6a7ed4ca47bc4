package dev.twistlet.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A published resource tree and its settings, the counterpart of Twisted's
 * {@code twisted.web.server.Site}: the root resource, whether error pages show
 * tracebacks (off by default), an optional timeout for responses left open, and the
 * scheduler and worker threads that replace Twisted's reactor ({@link #callLater} and
 * {@link #deferToThread}).
 *
 * <p>The site owns its threads, starts them on first use and stops them in
 * {@link #close()}.
 */
public class Site implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Site.class);
    private static final AtomicInteger SITES = new AtomicInteger();

    private final IResource resource;
    private final int id = SITES.incrementAndGet();
    private volatile boolean displayTracebacks;
    private volatile Duration asyncTimeout;
    private volatile int workerThreads = 10;
    private volatile Duration sessionTimeout = Duration.ofSeconds(900);
    private volatile ContentLimits contentLimits = ContentLimits.DEFAULTS;
    private volatile SiteMonitor monitor = SiteMonitor.NONE;
    private final AtomicInteger bodiesInFlight = new AtomicInteger();
    private final HeldResponses heldResponses = new HeldResponses();

    private final Object executorLock = new Object();
    private ScheduledThreadPoolExecutor scheduler;
    private ThreadPoolExecutor workers;
    private boolean closed;
    private final List<Runnable> closeTasks = new ArrayList<>();

    /** @param resource the root: the resource for the URL {@code /} of the site */
    public Site(IResource resource) {
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    /** @return the root resource */
    public IResource getResource() {
        return resource;
    }

    /**
     * Finds the resource a request names, moving its postpath to its prepath on the way.
     *
     * @param request the request
     * @return the resource to render
     */
    public IResource getResourceFor(Request request) {
        return Resource.getChildForRequest(resource, request);
    }

    /** @return whether 500 pages show the escaped stack trace (off by default) */
    public boolean isDisplayTracebacks() {
        return displayTracebacks;
    }

    /** @param displayTracebacks whether 500 pages show the escaped stack trace */
    public void setDisplayTracebacks(boolean displayTracebacks) {
        this.displayTracebacks = displayTracebacks;
    }

    /** @return how long a response may stay open after {@code render} returns, or {@code null} for no limit */
    public Duration getAsyncTimeout() {
        return asyncTimeout;
    }

    /**
     * @param asyncTimeout how long a response may stay open after {@code render} returns;
     *                     {@code null} (the default) for no limit, as in Twisted
     */
    public void setAsyncTimeout(Duration asyncTimeout) {
        this.asyncTimeout = asyncTimeout;
    }

    /** @return how long a new session lives unused (900 s by default, as in Twisted) */
    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    /** @param sessionTimeout how long a new session lives unused; {@link Duration#ZERO} for ever */
    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    }

    /** @return how request bodies are taken ({@link ContentLimits#DEFAULTS} unless set) */
    public ContentLimits getContentLimits() {
        return contentLimits;
    }

    /** @param limits how request bodies are taken, from the next request on */
    public void setContentLimits(ContentLimits limits) {
        this.contentLimits = Objects.requireNonNull(limits, "limits");
    }

    /** @return what is told of held responses, upstream failures and CGI scripts ({@link SiteMonitor#NONE} unless set) */
    public SiteMonitor getMonitor() {
        return monitor;
    }

    /**
     * Sets the one monitor told of this site's held responses, upstream failures and CGI
     * scripts, from the next event on (see {@link SiteMonitor} for what it must promise).
     *
     * @param monitor the monitor; {@link SiteMonitor#NONE} to stop monitoring
     */
    public void setMonitor(SiteMonitor monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** @return whether a body may start being read now, counting it if so */
    boolean bodyReadStarted() {
        int max = contentLimits.maxPending();
        while (true) {
            int now = bodiesInFlight.get();
            if (now >= max) {
                return false;
            }
            if (bodiesInFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A body counted by {@link #bodyReadStarted()} is read, or refused. */
    void bodyReadEnded() {
        bodiesInFlight.decrementAndGet();
    }

    /**
     * @param threads how many threads {@link #deferToThread} may use at once (default 10,
     *                as Twisted's reactor pool); takes effect before the first use
     */
    public void setWorkerThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.workerThreads = threads;
    }

    /**
     * Runs {@code task} once after {@code delay} on the site's scheduler thread (Twisted's
     * {@code reactor.callLater}). An exception from the task is logged.
     *
     * @param delay how long to wait
     * @param task  what to run; keep it short, hand blocking work to {@link #deferToThread}
     * @return a handle to cancel the call
     * @throws java.util.concurrent.RejectedExecutionException after {@link #close()}
     */
    public ScheduledFuture<?> callLater(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        return scheduler().schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Unhandled error in a callLater task", e);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs blocking {@code work} on the site's worker threads (Twisted's
     * {@code threads.deferToThread}).
     *
     * @param work what to compute
     * @param <T>  its result type
     * @return a future completed with the result, or exceptionally with what it threw
     */
    public <T> CompletableFuture<T> deferToThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, workers());
    }

    /** @return the register of this site's responses held open */
    HeldResponses heldResponses() {
        return heldResponses;
    }

    /**
     * Ends every response of this site still held open past {@code render}
     * ({@code NOT_DONE_YET}, or a {@code CompletionStage} not yet complete), for a server that
     * is stopping and will not wait for them any longer; a response held after this call ends
     * at once the same way. A response nothing was sent of yet is answered
     * {@code 503 Service Unavailable}; one under way has its connection cut, so the client
     * cannot take the part for the whole. Each one's {@link Request#notifyFinish()} fails with
     * a {@link ConnectionLostException} carrying {@code reason}, and its later {@code write}
     * and {@code finish} calls are ignored, as after a client leaves. Callbacks run on the
     * calling thread.
     *
     * @param reason what the failures say, e.g. "the server stopped before the response was finished"
     * @return how many responses were still open and are ended now
     */
    public int endHeldResponses(String reason) {
        return heldResponses.endAll(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Runs {@code task} when the site closes (at once if it already has), e.g. to destroy a
     * servlet the site started; tasks run in the order given, before the site's threads stop.
     *
     * @param task what to run
     */
    public void whenClosed(Runnable task) {
        synchronized (executorLock) {
            if (!closed) {
                closeTasks.add(task);
                return;
            }
        }
        task.run();
    }

    /**
     * Runs the {@link #whenClosed} tasks, then stops the scheduler and worker threads;
     * pending {@code callLater} tasks are dropped.
     */
    @Override
    public void close() {
        ExecutorService s;
        ExecutorService w;
        List<Runnable> tasks;
        synchronized (executorLock) {
            closed = true;
            s = scheduler;
            w = workers;
            tasks = List.copyOf(closeTasks);
            closeTasks.clear();
        }
        for (Runnable task : tasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("A task run as the site closed failed", e);
            }
        }
        if (s != null) {
            s.shutdownNow();
        }
        if (w != null) {
            w.shutdown();
            try {
                if (!w.awaitTermination(5, TimeUnit.SECONDS)) {
                    w.shutdownNow();
                }
            } catch (InterruptedException e) {
                w.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private ScheduledThreadPoolExecutor scheduler() {
        synchronized (executorLock) {
            checkOpen();
            if (scheduler == null) {
                scheduler = new ScheduledThreadPoolExecutor(1, threads("scheduler"));
                scheduler.setRemoveOnCancelPolicy(true);
            }
            return scheduler;
        }
    }

    private ThreadPoolExecutor workers() {
        synchronized (executorLock) {
            checkOpen();
            if (workers == null) {
                int n = workerThreads;
                workers = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("worker"));
                workers.allowCoreThreadTimeOut(true);
            }
            return workers;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new java.util.concurrent.RejectedExecutionException("the site is closed");
        }
    }

    private ThreadFactory threads(String role) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "twistlet-site" + id + "-" + role + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
