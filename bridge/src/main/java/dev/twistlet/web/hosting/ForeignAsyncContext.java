package dev.twistlet.web.hosting;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servlet async for a servlet run by {@link ServletResource}: the container's own request
 * is already held open by Twistlet, so this context keeps the servlet's async state, its
 * listeners and timeout itself, and ends the exchange on {@link #complete()}. Dispatches run
 * the servlet again on its pool.
 */
final class ForeignAsyncContext implements AsyncContext {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignAsyncContext.class);
    private static final long DEFAULT_TIMEOUT = 30_000;

    private record Registered(AsyncListener listener, ServletRequest request, ServletResponse response) {
    }

    private final ServletExchange exchange;
    private final List<Registered> listeners = new ArrayList<>();
    private ServletRequest request;
    private ServletResponse response;
    private boolean original;
    private boolean pending = true;
    private boolean completed;
    private long timeout = DEFAULT_TIMEOUT;
    private ScheduledFuture<?> timer;

    ForeignAsyncContext(ServletExchange exchange, ServletRequest request, ServletResponse response, boolean original) {
        this.exchange = exchange;
        this.request = request;
        this.response = response;
        this.original = original;
    }

    /** {@code startAsync} again, after a dispatch: listeners are told, then kept for the new cycle. */
    synchronized void restart(ServletRequest req, ServletResponse resp, boolean isOriginal) {
        if (pending || completed) {
            throw new IllegalStateException("startAsync may be called again only during a dispatch");
        }
        this.request = req;
        this.response = resp;
        this.original = isOriginal;
        this.pending = true;
        this.timeout = DEFAULT_TIMEOUT;
        List<Registered> told = List.copyOf(listeners);
        listeners.clear();
        for (Registered registered : told) {
            try {
                registered.listener().onStartAsync(new AsyncEvent(this, registered.request(), registered.response()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("AsyncListener.onStartAsync failed", e);
            }
        }
    }

    synchronized boolean isPending() {
        return pending;
    }

    /** A dispatch starts: the async cycle that asked for it is over. */
    synchronized void dispatched() {
        pending = false;
        cancelTimer();
    }

    /** The call that started async returned: the timeout runs from now. */
    synchronized void dispatchReturned() {
        if (pending && !completed && timeout > 0 && timer == null) {
            timer = exchange.request().getSite().callLater(Duration.ofMillis(timeout), this::timedOut);
        }
    }

    @Override
    public ServletRequest getRequest() {
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return original;
    }

    @Override
    public void dispatch() {
        dispatch(exchange.foreignRequest().getPathInfo() == null ? "/" : exchange.foreignRequest().getPathInfo());
    }

    @Override
    public void dispatch(String path) {
        synchronized (this) {
            if (!pending || completed) {
                throw new IllegalStateException("dispatch without a pending startAsync");
            }
            cancelTimer();
        }
        ForeignDispatcher target = new ForeignDispatcher(exchange, path);
        exchange.pool().execute(() -> target.asyncDispatch(request, response));
    }

    @Override
    public void dispatch(jakarta.servlet.ServletContext context, String path) {
        dispatch(path);
    }

    @Override
    public void complete() {
        List<Registered> told;
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
            pending = false;
            cancelTimer();
            told = List.copyOf(listeners);
        }
        exchange.end();
        for (Registered registered : told) {
            try {
                registered.listener().onComplete(new AsyncEvent(this, registered.request(), registered.response()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("AsyncListener.onComplete failed", e);
            }
        }
    }

    @Override
    public void start(Runnable run) {
        exchange.pool().execute(run);
    }

    @Override
    public synchronized void addListener(AsyncListener listener) {
        listeners.add(new Registered(listener, request, response));
    }

    @Override
    public synchronized void addListener(AsyncListener listener, ServletRequest req, ServletResponse resp) {
        listeners.add(new Registered(listener, req, resp));
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ServletException("cannot create " + type.getName(), e);
        }
    }

    @Override
    public synchronized void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    @Override
    public synchronized long getTimeout() {
        return timeout;
    }

    private void timedOut() {
        List<Registered> told;
        synchronized (this) {
            timer = null;
            if (!pending || completed) {
                return;
            }
            told = List.copyOf(listeners);
        }
        for (Registered registered : told) {
            try {
                registered.listener().onTimeout(new AsyncEvent(this, registered.request(), registered.response()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("AsyncListener.onTimeout failed", e);
            }
        }
        synchronized (this) {
            if (!pending || completed) {
                return;
            }
        }
        // Nobody completed or dispatched: the container's rule, a 500, then complete.
        try {
            if (!exchange.foreignResponse().isCommitted()) {
                exchange.foreignResponse().sendError(500, "The request timed out.");
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("could not send the async timeout's 500", e);
        }
        complete();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
