package dev.twistlet.web.proxy;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The headers a proxy must not forward (RFC 9110 section 7.6.1): the standard hop-by-hop
 * set, plus every header the message's own {@code Connection} header names.
 */
final class HopByHop {
    private static final Set<String> STANDARD = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private Set<String> named = Set.of();

    /** @param connectionHeaders the values of the message's {@code Connection} headers */
    HopByHop(Collection<String> connectionHeaders) {
        for (String value : connectionHeaders) {
            for (String token : value.split(",")) {
                if (!token.isBlank() && !STANDARD.contains(token.strip().toLowerCase(Locale.ROOT))) {
                    if (named.isEmpty()) {
                        named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    }
                    named.add(token.strip());
                }
            }
        }
    }

    /**
     * @param header a header name
     * @return whether it stays on this hop
     */
    boolean drops(String header) {
        return STANDARD.contains(header.toLowerCase(Locale.ROOT)) || !named.isEmpty() && named.contains(header);
    }
}
