package dev.twistlet.web.hosting;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * Run on Java 21 or later by {@link VirtualThreadsTest}: a servlet behind a
 * {@link ServletResource} whose executor makes a virtual thread per task. Prints
 * {@code port N}, serves until its input closes. Compiled for Java 17, so the Java 21 API
 * is reached by reflection.
 */
public final class VirtualThreadsServer {
    private VirtualThreadsServer() {
    }

    /** Answers whether it runs on a virtual thread. */
    public static class WhereServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                Object virtual = Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
                resp.getWriter().print("virtual=" + virtual + " pathInfo=" + req.getPathInfo());
            } catch (ReflectiveOperationException e) {
                throw new IOException(e);
            }
        }
    }

    /**
     * @param args none
     * @throws Exception when serving fails
     */
    public static void main(String[] args) throws Exception {
        Executor virtualThreads = (Executor) java.util.concurrent.Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        Resource root = new Resource();
        root.putChild("where", new ServletResource(new WhereServlet(), virtualThreads));
        JettyFixture.serveUntilInputCloses(new Site(root));
    }
}
