package dev.twistlet.launcher;

import dev.twistlet.web.Site;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a configuration script ({@code twistlet -y site.java}) builds: which site listens
 * where, the counterpart of Twisted's {@code service.Application} with its
 * {@code strports.service(...)} children. The launcher serves it once the script returns.
 */
public final class Application {
    /** One {@link #listen} call. */
    record Listener(Endpoint endpoint, Site site) {
    }

    private final List<Listener> listeners = new ArrayList<>();
    private String sessionStore;
    private String nodeName;
    private Operations operations = Operations.DEFAULTS;

    Application() {
    }

    /**
     * Serves {@code site} on an endpoint; call again for more endpoints or more sites.
     *
     * @param endpoint where to listen, as for {@code --listen}: {@code tcp:8080},
     *                 {@code tcp:port=8080:interface=127.0.0.1}
     * @param site     what to serve there
     * @return this application
     * @throws UsageException when the endpoint string is malformed
     */
    public Application listen(String endpoint, Site site) {
        try {
            listeners.add(new Listener(Endpoint.parse(endpoint), Objects.requireNonNull(site, "site")));
        } catch (IllegalArgumentException e) {
            throw new UsageException("application.listen: " + e.getMessage());
        }
        return this;
    }

    /**
     * Keeps every site's sessions in a database shared with other launchers, as
     * {@code --session-store} does.
     *
     * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/twistlet?user=twistlet&password=...}
     * @return this application
     * @throws UsageException when it is not a JDBC URL
     */
    public Application sessionStore(String jdbcUrl) {
        JdbcUrl.parse(jdbcUrl);
        this.sessionStore = jdbcUrl;
        return this;
    }

    /**
     * Names this launcher among those sharing a session store, as {@code --node-name} does;
     * with several sites, each gets the name and its number.
     *
     * @param name letters, digits, {@code -} and {@code _}
     * @return this application
     */
    public Application nodeName(String name) {
        this.nodeName = name;
        return this;
    }

    /**
     * Adds the admin listener, as {@code --admin} does: {@code /health/live} and
     * {@code /health/ready} for a load balancer, apart from the sites' listeners.
     *
     * @param endpoint e.g. {@code tcp:9090:interface=127.0.0.1}
     * @return this application
     * @throws UsageException when the endpoint string is malformed
     */
    public Application admin(String endpoint) {
        try {
            operations = new Operations(Endpoint.parse(endpoint), operations.drainDelay(), operations.shutdownTimeout());
        } catch (IllegalArgumentException e) {
            throw new UsageException("application.admin: " + e.getMessage());
        }
        return this;
    }

    /**
     * How long the listeners go on accepting after SIGTERM while {@code /health/ready}
     * answers 503, as {@code --drain-delay} says (default none).
     *
     * @param delay e.g. the load balancer's check interval
     * @return this application
     * @throws UsageException when it is negative
     */
    public Application drainDelay(Duration delay) {
        operations = new Operations(operations.admin(), delay, operations.shutdownTimeout());
        return this;
    }

    /**
     * How long requests in flight may take to finish once the listeners stop accepting, as
     * {@code --shutdown-timeout} says (default {@value WebServer#DEFAULT_SHUTDOWN_TIMEOUT_SECONDS} s);
     * responses still held open then are ended.
     *
     * @param timeout the timeout
     * @return this application
     * @throws UsageException when it is negative
     */
    public Application shutdownTimeout(Duration timeout) {
        operations = new Operations(operations.admin(), operations.drainDelay(), timeout);
        return this;
    }

    /** @return the admin listener and how to stop, as set */
    Operations operations() {
        return operations;
    }

    /** @return the session store's JDBC URL, or {@code null} for sessions in memory */
    String sessionStore() {
        return sessionStore;
    }

    /** @return the node name given, or {@code null} */
    String nodeName() {
        return nodeName;
    }

    /** @return the listeners, in the order the script added them */
    List<Listener> listeners() {
        return List.copyOf(listeners);
    }
}
