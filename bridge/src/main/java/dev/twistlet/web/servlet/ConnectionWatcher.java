package dev.twistlet.web.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells when a client closes its connection while a response is held open
 * ({@code NOT_DONE_YET} or a pending {@code CompletionStage}).
 *
 * <p>The servlet API reports a closed connection only when the application reads or writes,
 * but Twisted's {@code notifyFinish()} fires as soon as the client goes away. A container
 * that can do better plugs in a watcher: pass one to
 * {@link TwistletServlet#setConnectionWatcher}, or store one in the servlet context under
 * {@link #ATTRIBUTE} before the servlet starts. Without one, a disconnect is noticed at the
 * next write.
 */
public interface ConnectionWatcher {

    /** Servlet-context attribute under which a container may offer its watcher. */
    String ATTRIBUTE = ConnectionWatcher.class.getName();

    /**
     * Starts watching the connection {@code request} arrived on.
     *
     * @param request  a request in async mode whose body has been read or is empty
     * @param onClosed run once, on any thread, if the client closes the connection first
     * @return stops the watch; called when the response is complete
     */
    Watch watch(HttpServletRequest request, Runnable onClosed);

    /** One watch, stopped when the response is over. */
    interface Watch {
        /** Stops watching; safe to call more than once. */
        void cancel();
    }
}
