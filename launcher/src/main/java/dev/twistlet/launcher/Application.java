package dev.twistlet.launcher;

import dev.twistlet.web.Site;
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
