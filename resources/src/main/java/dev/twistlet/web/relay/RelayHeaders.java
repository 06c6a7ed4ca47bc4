package dev.twistlet.web.relay;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers stay behind when a message is relayed, the one rule for CGI scripts, both
 * proxies and personal servers. Hop-by-hop headers (RFC 9110 section 7.6.1: the standard
 * set, and every header the message's own {@code Connection} header names) are never passed
 * on, in either direction. An answer's {@code Server} and {@code Date} are not passed on
 * either: the server in front is the origin for its client, so the client gets that
 * server's own (Twisted's CGI does the same; section 6.6.1 has the server that sends a
 * message date it).
 */
public final class RelayHeaders {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<String> ORIGINS_OWN = Set.of("server", "date");

    private final boolean answer;
    private final Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    private RelayHeaders(boolean answer, Collection<String> connection) {
        this.answer = answer;
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
     * The rule for an answer passed to the client: hop-by-hop headers, {@code Server} and
     * {@code Date} stay behind.
     *
     * @param connection the values of the answer's {@code Connection} headers
     * @return the rule
     */
    public static RelayHeaders forAnswer(Collection<String> connection) {
        return new RelayHeaders(true, connection);
    }

    /**
     * @param name a header name, in any case
     * @return whether the header stays behind
     */
    public boolean drops(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return HOP_BY_HOP.contains(lower) || named.contains(name) || answer && ORIGINS_OWN.contains(lower);
    }
}
