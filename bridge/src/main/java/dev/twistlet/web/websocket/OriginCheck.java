package dev.twistlet.web.websocket;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Whether a WebSocket upgrade's {@code Origin} may connect: no {@code Origin} header (not a
 * browser) always may; otherwise the origin must be listed, or, by default, be the same
 * origin: its host and port equal to the request's {@code Host}.
 */
final class OriginCheck {
    private OriginCheck() {
    }

    /**
     * @param origin  the {@code Origin} header, or {@code null}
     * @param host    the {@code Host} header, or {@code null}
     * @param secure  whether the request came over TLS (for the {@code Host}'s default port)
     * @param allowed origins allowed besides the same origin, as {@code scheme://host[:port]},
     *                or {@code "*"} for all
     * @return whether the upgrade may go ahead
     */
    static boolean allows(String origin, String host, boolean secure, List<String> allowed) {
        if (origin == null) {
            return true;
        }
        String trimmed = origin.trim();
        for (String entry : allowed) {
            if (entry.equals("*") || entry.equalsIgnoreCase(trimmed)) {
                return true;
            }
        }
        if (host == null) {
            return false;
        }
        String originAuthority = authority(trimmed);
        return originAuthority != null && originAuthority.equals(hostAuthority(host.trim(), secure));
    }

    /** {@code host:port} of an origin, with the scheme's default port; {@code null} when malformed. */
    private static String authority(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort()
                    : scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
            return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String hostAuthority(String host, boolean secure) {
        String withPort = host;
        int bracket = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        if (colon <= bracket) {
            withPort = host + ":" + (secure ? 443 : 80);
        }
        return withPort.toLowerCase(Locale.ROOT);
    }
}
