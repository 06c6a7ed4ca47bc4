package dev.twistlet.web.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The container's side of a request that {@link TwistletServlet} is serving, for code that
 * must reach past the resource model to the servlet API itself, such as
 * {@code dev.twistlet.web.hosting.ServletResource}, which runs a foreign servlet on the
 * container's own request and response.
 *
 * <pre>{@code
 * ContainerExchange exchange = request.unwrap(ContainerExchange.class); // null outside TwistletServlet
 * }</pre>
 *
 * <p>Writing to the response directly bypasses the {@link dev.twistlet.web.Request}: call
 * {@link dev.twistlet.web.Request#handOver()} first, so that it ends the exchange without
 * adding anything of its own, and start writing from {@link #afterService(Runnable)}.
 */
public interface ContainerExchange {

    /** @return the container's request, as {@link TwistletServlet#service} received it */
    HttpServletRequest servletRequest();

    /** @return the container's response, as {@link TwistletServlet#service} received it */
    HttpServletResponse servletResponse();

    /**
     * Runs {@code task} once the container's {@code service} call for this request has
     * returned, or at once if it already has. Writes from another thread must wait for it:
     * while the container thread is still inside {@code service}, they can race the
     * container's own end of the dispatch.
     *
     * @param task what to run, on the thread that returns from {@code service} or on the
     *             caller's
     */
    void afterService(Runnable task);
}
