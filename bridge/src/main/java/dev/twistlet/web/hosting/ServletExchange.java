package dev.twistlet.web.hosting;

import dev.twistlet.web.Request;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.Executor;

/**
 * One request to a {@link ServletResource}'s servlet: calls {@code service} on the pool
 * with the request seen from the mount point, then ends the exchange, unless the servlet
 * went async, in which case its {@link ForeignAsyncContext} ends it.
 */
final class ServletExchange {
    private final Servlet servlet;
    private final ServletResource resource;
    private final Executor pool;
    private final Request request;
    private final ForeignRequest foreignRequest;
    private final ForeignResponse foreignResponse;
    private final Object lock = new Object();
    private ForeignAsyncContext async;
    private boolean ended;

    ServletExchange(ServletResource resource, Executor pool, Request request, HttpServletRequest real,
            HttpServletResponse response, String mount, String pathInfo) {
        this.resource = resource;
        this.servlet = resource.getServlet();
        this.pool = pool;
        this.request = request;
        this.foreignRequest = new ForeignRequest(real, this, mount, pathInfo);
        this.foreignResponse = new ForeignResponse(response);
    }

    /** Runs the servlet for the request, as the container would have. */
    void run() {
        dispatch(foreignRequest, foreignResponse, DispatcherType.REQUEST);
    }

    /**
     * Calls {@code service}, then ends the exchange unless the servlet started async.
     *
     * @param req  the request the servlet sees
     * @param resp the response it writes
     * @param type how it is reached
     */
    void dispatch(ServletRequest req, ServletResponse resp, DispatcherType type) {
        ForeignAsyncContext before;
        synchronized (lock) {
            before = async;
            if (before != null) {
                before.dispatched();
            }
        }
        foreignRequest.setDispatcherType(type);
        try {
            servlet.service(req, resp);
        } catch (Throwable e) {
            fail(e);
            if (e instanceof VirtualMachineError error) {
                throw error;
            }
            return;
        }
        ForeignAsyncContext after;
        synchronized (lock) {
            after = async != null && async.isPending() ? async : null;
        }
        if (after != null) {
            after.dispatchReturned();
        } else {
            end();
        }
    }

    /** The servlet threw: 500 (with a traceback if the site shows them), or a cut connection. */
    void fail(Throwable error) {
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
        }
        request.processingFailed(error, resource);
    }

    /** Flushes what the servlet wrote and ends the exchange; later calls do nothing. */
    void end() {
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
        }
        try {
            foreignResponse.flushWriter();
        } catch (RuntimeException e) {
            // the client is gone; finishing below notices it
        }
        request.finish();
    }

    /**
     * The servlet's {@code startAsync}.
     *
     * @param req  the request it passed, or the mount-point view
     * @param resp the response it passed
     * @return the context
     */
    ForeignAsyncContext startAsync(ServletRequest req, ServletResponse resp) {
        synchronized (lock) {
            if (ended) {
                throw new IllegalStateException("the response has already ended");
            }
            if (async == null) {
                async = new ForeignAsyncContext(this, req, resp, req == foreignRequest && resp == foreignResponse);
            } else {
                async.restart(req, resp, req == foreignRequest && resp == foreignResponse);
            }
            return async;
        }
    }

    /** @return whether the servlet started async and has not completed or dispatched since */
    boolean isAsyncStarted() {
        synchronized (lock) {
            return async != null && async.isPending();
        }
    }

    /** @return the started async context */
    ForeignAsyncContext asyncContext() {
        synchronized (lock) {
            if (async == null || !async.isPending()) {
                throw new IllegalStateException("the request is not in async mode");
            }
            return async;
        }
    }

    Servlet servlet() {
        return servlet;
    }

    Executor pool() {
        return pool;
    }

    Request request() {
        return request;
    }

    ForeignRequest foreignRequest() {
        return foreignRequest;
    }

    ForeignResponse foreignResponse() {
        return foreignResponse;
    }
}
