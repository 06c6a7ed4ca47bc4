package dev.twistlet.launcher;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The admin listener ({@code --admin ENDPOINT}): a small Jetty server of its own, apart from
 * the site's listeners, so the site keeps its whole URL space and the admin paths go on
 * answering while the site's server drains and stops. It answers only the paths given to
 * {@link #route}, each exactly; anything else is {@code 404}.
 *
 * <p>The launcher routes {@code /health/live} and {@code /health/ready} (see
 * {@link HealthRoutes}); another part adds its own the same way, before or after
 * {@link #start()}, e.g. {@code admin.route("/metrics", () -> new AdminAnswer(200,
 * "text/plain; version=0.0.4", registry.scrape()))}.
 */
public final class AdminServer implements AutoCloseable {
    private static final int THREADS = 16;

    private final Endpoint endpoint;
    private final Server server;
    private final AbstractConnector connector;
    private final AdminRoutes routes = new AdminRoutes();
    private final UnixSocketFile socketFile;

    /**
     * @param endpoint where to listen, as for {@code --listen}: e.g. {@code tcp:9090:interface=127.0.0.1}
     * @throws UsageException when an {@code ssl:} endpoint's keys cannot be used
     */
    public AdminServer(Endpoint endpoint) {
        this.endpoint = endpoint;
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
        threads.setName("twistlet-admin");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = Connectors.create(server, endpoint, http);
        server.addConnector(connector);
        server.setHandler(routes);
        // Stopped last, once the site's servers are down: a health check under way then is cut,
        // and a balancer's keep-alive connection is not waited for.
        server.setStopTimeout(0);
        this.socketFile = endpoint instanceof UnixEndpoint unix ? new UnixSocketFile(unix) : null;
    }

    /**
     * Answers {@code GET} and {@code HEAD} of exactly {@code path} with {@code route}.
     *
     * @param path  e.g. {@code /metrics}
     * @param route what it answers
     * @return this server
     * @throws IllegalArgumentException when the path does not start with {@code /} or is routed already
     */
    public AdminServer route(String path, AdminRoute route) {
        routes.add(path, route);
        return this;
    }

    /** @return the paths routed, sorted */
    public List<String> getPaths() {
        return routes.paths();
    }

    /**
     * Binds the endpoint and starts answering.
     *
     * @throws Exception when the endpoint cannot be bound
     */
    public void start() throws Exception {
        try {
            Path bound = null;
            if (socketFile != null) {
                bound = socketFile.claim();
                ((UnixDomainServerConnector) connector).setUnixDomainPath(bound);
            }
            server.start();
            if (socketFile != null) {
                socketFile.publish(bound);
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** @return the endpoint it listens on */
    public Endpoint getEndpoint() {
        return endpoint;
    }

    /** @return once started, its URL ({@code http://127.0.0.1:9090/}) or {@code unix:PATH} */
    public String getAddress() {
        return Connectors.address(endpoint, connector);
    }

    /**
     * Stops listening and answering at once.
     *
     * @throws Exception when Jetty fails to stop
     */
    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            if (socketFile != null) {
                socketFile.release();
            }
        }
    }
}
