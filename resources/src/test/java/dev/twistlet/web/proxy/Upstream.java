package dev.twistlet.web.proxy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The server the proxy tests forward to: an embedded Jetty whose paths each show one behaviour. */
final class Upstream implements AutoCloseable {
    /** Opened by a test to let {@code /sse} send its second event. */
    static volatile CountDownLatch sseGate = new CountDownLatch(1);
    /** Set once {@code /forever} notices its client went away. */
    static final AtomicBoolean FOREVER_ABORTED = new AtomicBoolean();

    private final Server server = new Server();
    private final ServerConnector connector;

    Upstream() throws Exception {
        this(null);
    }

    /**
     * @param tls the server side of TLS, or {@code null} for plain HTTP
     * @throws Exception when Jetty cannot start
     */
    Upstream(org.eclipse.jetty.util.ssl.SslContextFactory.Server tls) throws Exception {
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setUriCompliance(org.eclipse.jetty.http.UriCompliance.DEFAULT.with("encoded-slashes",
                org.eclipse.jetty.http.UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        connector = tls == null
                ? new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http))
                : new ServerConnector(server, tls, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addServlet(new ServletHolder(new Behaviours()), "/*");
        server.setHandler(context);
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The paths. */
    static final class Behaviours extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            if (path.endsWith("/sse")) {
                resp.setContentType("text/event-stream");
                OutputStream out = resp.getOutputStream();
                out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                await(sseGate);
                out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/count")) {
                CRC32 crc = new CRC32();
                long total = 0;
                byte[] buffer = new byte[65536];
                InputStream in = req.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    crc.update(buffer, 0, n);
                    total += n;
                }
                resp.getWriter().print(total + " " + crc.getValue());
            } else if (path.endsWith("/big")) {
                long size = Long.parseLong(req.getParameter("bytes"));
                resp.setContentLengthLong(size);
                OutputStream out = resp.getOutputStream();
                byte[] block = pattern(65536);
                for (long left = size; left > 0; left -= block.length) {
                    out.write(block, 0, (int) Math.min(block.length, left));
                }
            } else if (path.endsWith("/stall")) {
                await(new CountDownLatch(1), 10);
                resp.getWriter().print("too late");
            } else if (path.endsWith("/reset")) {
                OutputStream out = resp.getOutputStream();
                out.write("the beginning of a body that never ends".getBytes(StandardCharsets.UTF_8));
                out.flush();
                throw new IllegalStateException("upstream dies mid-body (expected by the test)");
            } else if (path.endsWith("/forever")) {
                OutputStream out = resp.getOutputStream();
                try {
                    for (int i = 0; i < 2000; i++) {
                        out.write("tick\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        Thread.sleep(10);
                    }
                } catch (IOException | InterruptedException e) {
                    FOREVER_ABORTED.set(true);
                }
            } else if (path.endsWith("/redirect")) {
                resp.addHeader("Set-Cookie", "s=1; Path=/base");
                resp.sendRedirect("http://127.0.0.1:" + req.getLocalPort() + "/base/target");
            } else if (path.endsWith("/teapot")) {
                resp.setStatus(418);
                resp.addHeader("X-Up", "1");
                resp.addHeader("Set-Cookie", "a=1");
                resp.addHeader("Set-Cookie", "b=2");
                resp.addHeader("Connection", "X-Up-Hop");
                resp.addHeader("X-Up-Hop", "hidden");
                resp.getWriter().print("short and stout");
            } else {
                echo(req, resp);
            }
        }

        private static void echo(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            StringBuilder body = new StringBuilder();
            body.append(req.getMethod()).append(' ').append(req.getRequestURI());
            if (req.getQueryString() != null) {
                body.append('?').append(req.getQueryString());
            }
            body.append('\n');
            for (String name : Collections.list(req.getHeaderNames())) {
                for (String value : Collections.list(req.getHeaders(name))) {
                    body.append(name.toLowerCase(java.util.Locale.ROOT)).append(": ").append(value).append('\n');
                }
            }
            resp.setContentType("text/plain");
            resp.getWriter().print(body);
        }

        private static void await(CountDownLatch gate) {
            await(gate, 10);
        }

        private static void await(CountDownLatch gate, int seconds) {
            try {
                gate.await(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static byte[] pattern(int size) {
        byte[] block = new byte[size];
        for (int i = 0; i < size; i++) {
            block[i] = (byte) (i * 31 + 7);
        }
        return block;
    }
}
