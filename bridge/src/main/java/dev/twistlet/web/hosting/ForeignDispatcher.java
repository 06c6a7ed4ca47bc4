package dev.twistlet.web.hosting;

import dev.twistlet.web.PathSegments;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Forwards and includes to another path of the same servlet (the only servlet of a
 * {@link ServletResource}'s context), and async dispatches, with the request views and
 * attributes the servlet specification gives each.
 */
final class ForeignDispatcher implements RequestDispatcher {
    private final ServletExchange exchange;
    private final String path;
    private final String query;

    /**
     * @param exchange the request's exchange
     * @param target   a path below the mount point, possibly with a query
     */
    ForeignDispatcher(ServletExchange exchange, String target) {
        this.exchange = exchange;
        int mark = target.indexOf('?');
        this.path = mark < 0 ? target : target.substring(0, mark);
        this.query = mark < 0 ? null : target.substring(mark + 1);
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        if (response.isCommitted()) {
            throw new IllegalStateException("forward after the response was committed");
        }
        response.resetBuffer();
        exchange.servlet().service(view((HttpServletRequest) request, DispatcherType.FORWARD), response);
        if (!exchange.isAsyncStarted()) {
            exchange.foreignResponse().flushWriter();
            response.flushBuffer();
        }
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        exchange.servlet().service(view((HttpServletRequest) request, DispatcherType.INCLUDE),
                new IncludedResponse((HttpServletResponse) response));
    }

    /** Runs the servlet again for {@code AsyncContext.dispatch}. */
    void asyncDispatch(ServletRequest request, ServletResponse response) {
        exchange.dispatch(view((HttpServletRequest) request, DispatcherType.ASYNC), response, DispatcherType.ASYNC);
    }

    private DispatchedRequest view(HttpServletRequest request, DispatcherType type) {
        String uri = request.getContextPath() + path;
        return new DispatchedRequest(request, type, uri, PathSegments.decode(path), query);
    }
}
