package dev.twistlet.web.relay;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers stay behind when a message is relayed, the one rule for CGI scripts, both
 * proxies and personal servers. Hop-by-hop headers (RFC 9110 section 7.6.1: the standard
 * set, and every header the message's own {@code Connection} header names) are never passed
 * on, in either direction. A gateway's answer leaves the upstream's {@code Server} and
 * {@code Date} behind too: a CGI script, a reverse proxy's upstream or a personal server is
 * part of this server, which is the origin for its client and sends its own (Twisted's CGI
 * and nginx's {@code proxy_pass} do the same). A forward proxy is no origin, only an
 * intermediary: it passes them on, since caches downstream reckon an answer's age from its
 * {@code Date} (RFC 9111 section 4.2.3).
 */
public final class RelayHeaders {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<String> ORIGINS_OWN = Set.of("server", "date");

    /** Whether the upstream's {@code Server} and {@code Date} stay behind. */
    private final boolean gateway;
    private final Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    private RelayHeaders(boolean gateway, Collection<String> connection) {
        this.gateway = gateway;
        for (String value : connection) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    named.add(token.strip());
                }
            }
        }
    }

    /**
     * The rule for a request passed upstream: hop-by-hop headers stay behind.
     *
     * @param connection the values of the request's {@code Connection} headers
     * @return the rule
     */
    public static RelayHeaders forRequest(Collection<String> connection) {
        return new RelayHeaders(false, connection);
    }

    /**
     * The rule for an answer a gateway passes to its client: hop-by-hop headers,
     * {@code Server} and {@code Date} stay behind.
     *
     * @param connection the values of the answer's {@code Connection} headers
     * @return the rule
     */
    public static RelayHeaders forAnswer(Collection<String> connection) {
        return new RelayHeaders(true, connection);
    }

    /**
     * The rule for an answer a forward proxy passes to its client: hop-by-hop headers stay
     * behind; the origin's {@code Server} and {@code Date} go on.
     *
     * @param connection the values of the answer's {@code Connection} headers
     * @return the rule
     */
    public static RelayHeaders forForwardedAnswer(Collection<String> connection) {
        return new RelayHeaders(false, connection);
    }

    /** @return whether this rule leaves the upstream's {@code Server} and {@code Date} behind */
    public boolean isGateway() {
        return gateway;
    }

    /**
     * @param name a header name, in any case
     * @return whether the header stays behind
     */
    public boolean drops(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return HOP_BY_HOP.contains(lower) || named.contains(name) || gateway && ORIGINS_OWN.contains(lower);
    }
}
