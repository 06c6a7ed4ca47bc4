package dev.twistlet.web.proxy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.client.HttpClient;

/**
 * Who may use a forward {@link ProxyResource}, and where to; change it with the
 * {@code with...} methods. By default only clients on the loopback interface are served
 * (no open relay), to any destination.
 *
 * @param clients      which client addresses are served; others get 403
 * @param destinations the host names (lower case) requests may go to; empty for any
 * @param timeout      how long a destination may stay silent before the client gets 504
 * @param client       the HTTP client to use, or {@code null} for one of the resource's own
 */
public record ProxyOptions(Predicate<InetAddress> clients, Set<String> destinations, Duration timeout, HttpClient client) {

    /** Loopback clients only, any destination, 30 s timeout. */
    public static final ProxyOptions DEFAULTS = new ProxyOptions(InetAddress::isLoopbackAddress, Set.of(),
            Duration.ofSeconds(30), null);

    /** Checks and copies the components. */
    public ProxyOptions {
        Objects.requireNonNull(clients, "clients");
        destinations = destinations.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(timeout, "timeout");
    }

    /** @param value which client addresses to serve @return a copy with it */
    public ProxyOptions withClients(Predicate<InetAddress> value) {
        return new ProxyOptions(value, destinations, timeout, client);
    }

    /** @param hosts the only host names requests may go to @return a copy with them */
    public ProxyOptions withDestinations(String... hosts) {
        return new ProxyOptions(clients, Stream.of(hosts).collect(Collectors.toSet()), timeout, client);
    }

    /** @param value a destination's silence limit @return a copy with it */
    public ProxyOptions withTimeout(Duration value) {
        return new ProxyOptions(clients, destinations, value, client);
    }

    /** @param value the HTTP client to use @return a copy with it */
    public ProxyOptions withClient(HttpClient value) {
        return new ProxyOptions(clients, destinations, timeout, value);
    }
}
