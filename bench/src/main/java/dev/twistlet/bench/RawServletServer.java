package dev.twistlet.bench;

import dev.twistlet.launcher.DrainHandler;
import dev.twistlet.launcher.OnDemandSessionHandler;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The raw-servlet peer: one {@code HttpServlet} answering the hello body for every path, on
 * a Jetty 12 ee10 set up exactly as the launcher sets up its own (same thread pool,
 * connector, URI compliance and graceful handler), so a ratio shows what the resource
 * model costs. Usage: {@code RawServletServer PORT}.
 */
public final class RawServletServer {
    private RawServletServer() {
    }

    /** Answers like {@link BenchRoot.Hello}, without a tree. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] BODY = BenchRoot.HELLO.getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html; charset=utf-8");
            resp.setContentLength(BODY.length);
            resp.getOutputStream().write(BODY);
        }
    }

    /** The session peer: the same counter on {@code HttpSession} directly. */
    static final class CountServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            jakarta.servlet.http.HttpSession session = req.getSession();
            int value;
            synchronized (session) {
                Integer count = (Integer) session.getAttribute("count");
                value = count == null ? 1 : count + 1;
                session.setAttribute("count", value);
            }
            byte[] body = ("visit " + value).getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/html; charset=utf-8");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /**
     * @param args the port on 127.0.0.1
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        // Sessions and the drain for a graceful stop, as the launcher has them.
        ServletContextHandler context = new ServletContextHandler("/");
        context.setSessionHandler(new OnDemandSessionHandler());
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        ServletHolder holder = new ServletHolder("raw", new HelloServlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        context.addServlet(new ServletHolder("count", new CountServlet()), "/session");
        PeerServer.run(Integer.parseInt(args[0]), new DrainHandler(context), "raw servlet");
    }
}
