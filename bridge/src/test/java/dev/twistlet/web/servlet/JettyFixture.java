package dev.twistlet.web.servlet;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Site;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 serving one {@link Site} through {@link TwistletServlet} on a free
 * loopback port, and a client to talk to it: the real-socket half of the bridge's tests.
 */
public final class JettyFixture implements AutoCloseable {
    private final Server server = new Server();
    private final Site site;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private JettyFixture(Site site, String contextPath, String mapping) throws Exception {
        this(site, contextPath, mapping, null);
    }

    private JettyFixture(Site site, String contextPath, String mapping, java.util.Map<String, String> initParams)
            throws Exception {
        this(site, contextPath, mapping, initParams, null);
    }

    private JettyFixture(Site site, String contextPath, String mapping, java.util.Map<String, String> initParams,
            java.util.Map<String, String> contextParams) throws Exception {
        this(site, contextPath, mapping, initParams, contextParams, null);
    }

    private JettyFixture(Site site, String contextPath, String mapping, java.util.Map<String, String> initParams,
            java.util.Map<String, String> contextParams, ConnectionWatcher watcher) throws Exception {
        this.site = site;
        HttpConfiguration config = new HttpConfiguration();
        config.setUriCompliance(UriCompliance.DEFAULT.with("twistlet",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath,
                contextParams != null ? ServletContextHandler.SESSIONS : ServletContextHandler.NO_SESSIONS);
        if (contextParams != null) {
            contextParams.forEach(context::setInitParameter);
        }
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        ServletHolder holder;
        if (site != null) {
            TwistletServlet servlet = new TwistletServlet(site);
            if (watcher != null) {
                servlet.setConnectionWatcher(watcher);
            }
            holder = new ServletHolder(servlet);
        } else {
            holder = new ServletHolder(TwistletServlet.class);
        }
        if (initParams != null) {
            holder.setInitParameters(initParams);
        }
        holder.setAsyncSupported(true);
        context.addServlet(holder, mapping);
        server.setHandler(context);
        server.start();
    }

    /**
     * Serves {@code root} at the server's root.
     *
     * @param root the root resource
     * @return the started fixture
     * @throws Exception when Jetty cannot start
     */
    public static JettyFixture serve(IResource root) throws Exception {
        return serve(new Site(root));
    }

    /**
     * Serves {@code site} at the server's root.
     *
     * @param site the site
     * @return the started fixture
     * @throws Exception when Jetty cannot start
     */
    public static JettyFixture serve(Site site) throws Exception {
        return new JettyFixture(site, "/", "/*");
    }

    /**
     * Serves {@code site} at the server's root with the given connection watcher, e.g. one
     * that never reports, so that a client that leaves is noticed only when a write fails.
     *
     * @param site    the site
     * @param watcher the servlet's connection watcher
     * @return the started fixture
     * @throws Exception when Jetty cannot start
     */
    public static JettyFixture serve(Site site, ConnectionWatcher watcher) throws Exception {
        return new JettyFixture(site, "/", "/*", null, null, watcher);
    }

    /**
     * Serves {@code site} under a context path and servlet mapping, as a WAR would.
     *
     * @param site        the site
     * @param contextPath e.g. {@code /ctx}
     * @param mapping     e.g. {@code /app/*}
     * @return the started fixture
     * @throws Exception when Jetty cannot start
     */
    public static JettyFixture serve(Site site, String contextPath, String mapping) throws Exception {
        return new JettyFixture(site, contextPath, mapping);
    }

    /**
     * For the main class of a {@link ChildJvm}: serves {@code site}, prints {@code port N},
     * and serves until standard input closes.
     *
     * @param site the site
     * @throws Exception when Jetty cannot start
     */
    public static void serveUntilInputCloses(Site site) throws Exception {
        try (JettyFixture jetty = serve(site)) {
            System.out.println("port " + jetty.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our input
            }
        }
    }

    /**
     * Serves {@code site} under a context path and mapping, in a context with sessions and
     * context init-params, as a web application with a {@code web.xml} would.
     *
     * @param site          the site
     * @param contextPath   e.g. {@code /ctx}, or {@code /}
     * @param mapping       e.g. {@code /app/*}, or {@code /*}
     * @param contextParams the context's init-params
     * @return the started fixture
     * @throws Exception when Jetty cannot start
     */
    public static JettyFixture webApp(Site site, String contextPath, String mapping,
            java.util.Map<String, String> contextParams) throws Exception {
        return new JettyFixture(site, contextPath, mapping, null, contextParams);
    }

    /**
     * Declares the servlet as {@code web.xml} would: by class, with init-params, so it builds
     * its own site from a {@link RootFactory}.
     *
     * @param initParams the servlet's init-params
     * @return the started fixture
     * @throws Exception when Jetty or the servlet cannot start
     */
    public static JettyFixture declared(java.util.Map<String, String> initParams) throws Exception {
        return new JettyFixture(null, "/", "/*", initParams);
    }

    /** @return the site served, or {@code null} when the servlet built its own */
    public Site site() {
        return site;
    }

    /** @return the bound port on 127.0.0.1 */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /**
     * @param path a raw path and query, e.g. {@code /a%2Fb?x=1}
     * @return the absolute URI on this server
     */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /**
     * @param path raw path and query
     * @return the response, body as a string
     * @throws IOException on socket errors
     * @throws InterruptedException when interrupted
     */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    /**
     * @param method any method token
     * @param path   raw path and query
     * @return the response, body as a string
     * @throws IOException on socket errors
     * @throws InterruptedException when interrupted
     */
    public HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** @return the HTTP/1.1 client the helpers use */
    public HttpClient client() {
        return client;
    }

    /**
     * Sends a raw HTTP/1.1 request on a new socket and returns it unread, for tests that
     * need to control the connection (disconnects, exact bytes).
     *
     * @param requestLine e.g. {@code GET / HTTP/1.1}
     * @return the connected socket
     * @throws IOException on socket errors
     */
    public Socket rawRequest(String requestLine) throws IOException {
        return rawRequest(port(), requestLine);
    }

    /**
     * Sends a raw HTTP/1.1 request to a loopback port and returns the socket unread.
     *
     * @param port        the server's port on 127.0.0.1
     * @param requestLine e.g. {@code GET / HTTP/1.1}
     * @return the connected socket
     * @throws IOException on socket errors
     */
    public static Socket rawRequest(int port, String requestLine) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write((requestLine + "\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /**
     * Reads from {@code in} until {@code marker} has been seen.
     *
     * @param in     the stream
     * @param marker text to wait for
     * @return everything read
     * @throws IOException when the stream ends first
     */
    public static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(marker) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("stream ended before \"" + marker + "\"; read: " + seen);
            }
            seen.append((char) b);
        }
        return seen.toString();
    }

    /** Stops Jetty, then the site's threads. */
    @Override
    public void close() throws Exception {
        server.stop();
        if (site != null) {
            site.close();
        }
    }
}
