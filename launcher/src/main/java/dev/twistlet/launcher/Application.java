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

    /** @return the listeners, in the order the script added them */
    List<Listener> listeners() {
        return List.copyOf(listeners);
    }
}
