package dev.twistlet.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.compression.gzip.GzipEncoderConfig;
import org.eclipse.jetty.compression.server.CompressionConfig;
import org.eclipse.jetty.compression.server.CompressionHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * The gzip peer: a raw servlet answering {@link BenchPage#HTML} under {@code /gzip1},
 * {@code /gzip6} and {@code /gzip9}, each behind Jetty 12's own {@code CompressionHandler}
 * with gzip at that level. Usage: {@code CompressedServletServer PORT}.
 */
public final class CompressedServletServer {
    private CompressedServletServer() {
    }

    /** Sends the page, uncompressed; the handler compresses. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html; charset=utf-8");
            resp.setContentLength(BenchPage.HTML.length);
            resp.getOutputStream().write(BenchPage.HTML);
        }
    }

    private static ContextHandler context(int level) {
        ServletContextHandler servlets = new ServletContextHandler("/");
        servlets.addServlet(new ServletHolder(new PageServlet()), "/*");
        GzipEncoderConfig config = new GzipEncoderConfig();
        config.setCompressionLevel(level);
        GzipCompression gzip = new GzipCompression();
        gzip.setDefaultEncoderConfig(config);
        CompressionHandler compression = new CompressionHandler(servlets);
        compression.putCompression(gzip);
        compression.putConfiguration("/*", CompressionConfig.builder().build());
        return new ContextHandler(compression, "/gzip" + level);
    }

    /**
     * @param args the port on 127.0.0.1
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        PeerServer.run(Integer.parseInt(args[0]), new ContextHandlerCollection(context(1), context(6), context(9)),
                "jetty gzip");
    }
}
