package dev.twistlet.web.observe;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Times a web application's requests into {@code http_server_requests_seconds} and counts
 * those under way, as the launcher's {@link RequestTimingHandler} does: from the filter to
 * the end of the response, a response held open ({@code NOT_DONE_YET}) until it ends.
 * Declare it in {@code web.xml} before the servlets it measures, with async support (the
 * tree holds responses open in servlet async mode):
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>metrics</filter-name>
 *   <filter-class>dev.twistlet.web.observe.RequestMetricsFilter</filter-class>
 *   <async-supported>true</async-supported>
 * </filter>
 * <filter-mapping>
 *   <filter-name>metrics</filter-name>
 *   <url-pattern>/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <p>It counts into the context's metrics ({@link MetricsListener#of}). The status recorded
 * is the response's when it ends; an exception out of the chain before the response was
 * committed counts as a 500.
 */
public class RequestMetricsFilter implements Filter {
    private volatile RequestMetrics requests;

    /** For the container, which makes it from {@code web.xml}. */
    public RequestMetricsFilter() {
    }

    @Override
    public void init(FilterConfig config) {
        requests = MetricsListener.of(config.getServletContext()).requests();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)) {
            chain.doFilter(request, response);
            return;
        }
        RequestMetrics metrics = requests;
        String method = http.getMethod();
        String path = metrics.wantsPath() ? http.getRequestURI() : null;
        long began = metrics.begin();
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (!http.isAsyncStarted()) {
                metrics.end(began, method, answer.isCommitted() ? answer.getStatus() : 500, path);
            }
            throw e;
        }
        if (http.isAsyncStarted()) {
            try {
                http.getAsyncContext().addListener(new Ending(metrics, answer, method, path, began));
                return;
            } catch (IllegalStateException completedMeanwhile) {
                // completed by another thread since: the status is final already
            }
        }
        metrics.end(began, method, answer.getStatus(), path);
    }

    /** Records a request held in async mode once it completes. */
    private record Ending(RequestMetrics metrics, HttpServletResponse answer, String method, String path, long began)
            implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            metrics.end(began, method, answer.getStatus(), path);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // async mode started again: keep listening for the end
            event.getAsyncContext().addListener(this);
        }
    }
}
