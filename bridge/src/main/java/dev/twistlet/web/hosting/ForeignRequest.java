package dev.twistlet.web.hosting;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.MappingMatch;

/**
 * The container's request as a {@link ServletResource}'s servlet sees it: its mount point
 * is the context path, the servlet path is empty, the postpath is the path info, and
 * async and request dispatching are served by the exchange instead of the container
 * (the servlet runs outside the container's own call). Everything else is the container's.
 */
class ForeignRequest extends HttpServletRequestWrapper {
    private final ServletExchange exchange;
    private final String mount;
    private final String pathInfo;
    private volatile DispatcherType dispatcherType = DispatcherType.REQUEST;

    ForeignRequest(HttpServletRequest request, ServletExchange exchange, String mount, String pathInfo) {
        super(request);
        this.exchange = exchange;
        this.mount = mount;
        this.pathInfo = pathInfo;
    }

    void setDispatcherType(DispatcherType type) {
        this.dispatcherType = type;
    }

    /** @return the mount point's URL path, WSGI's {@code SCRIPT_NAME} */
    @Override
    public String getContextPath() {
        return mount;
    }

    /** @return empty: the servlet is mapped to all of its context */
    @Override
    public String getServletPath() {
        return "";
    }

    /** @return the postpath, {@code /} joined; {@code null} when it is empty */
    @Override
    public String getPathInfo() {
        return pathInfo;
    }

    @Override
    public String getPathTranslated() {
        return null;
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        String path = getPathInfo();
        String match = path == null ? "" : path.substring(1);
        String name = exchange.servlet().getServletConfig() == null ? "" : exchange.servlet().getServletConfig().getServletName();
        return new HttpServletMapping() {
            @Override
            public String getMatchValue() {
                return match;
            }

            @Override
            public String getPattern() {
                return "/*";
            }

            @Override
            public String getServletName() {
                return name;
            }

            @Override
            public MappingMatch getMappingMatch() {
                return MappingMatch.PATH;
            }
        };
    }

    @Override
    public DispatcherType getDispatcherType() {
        return dispatcherType;
    }

    /** A dispatcher to another path of the same servlet; {@code null} for a path outside it. */
    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null) {
            return null;
        }
        String target = path;
        if (!target.startsWith("/")) {
            String current = getPathInfo() == null ? "/" : getPathInfo();
            target = current.substring(0, current.lastIndexOf('/') + 1) + target;
        }
        return new ForeignDispatcher(exchange, target);
    }

    @Override
    public boolean isAsyncSupported() {
        return true;
    }

    @Override
    public AsyncContext startAsync() {
        return exchange.startAsync(this, exchange.foreignResponse());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return exchange.startAsync(request, response);
    }

    @Override
    public boolean isAsyncStarted() {
        return exchange.isAsyncStarted();
    }

    @Override
    public AsyncContext getAsyncContext() {
        return exchange.asyncContext();
    }
}
