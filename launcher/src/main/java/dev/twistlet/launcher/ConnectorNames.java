package dev.twistlet.launcher;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;

/**
 * Names each connector after its endpoint, without its secrets: {@code tcp:8080},
 * {@code tcp:127.0.0.1:8080}, {@code tcp:[::1]:8080}, {@code ssl:8443}, {@code unix:/run/web.sock}. Metrics label
 * connections with these names; a name given twice gets {@code #2}, {@code #3}... so each
 * stays one series.
 */
final class ConnectorNames {
    private ConnectorNames() {
    }

    /**
     * @param connectors the server's connectors, one per endpoint, in the same order
     * @param endpoints  the endpoints
     */
    static void apply(Connector[] connectors, List<Endpoint> endpoints) {
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < connectors.length && i < endpoints.size(); i++) {
            String name = name(endpoints.get(i));
            String unique = name;
            for (int n = 2; !taken.add(unique); n++) {
                unique = name + "#" + n;
            }
            ((AbstractConnector) connectors[i]).setName(unique);
        }
    }

    /** @return the endpoint's type, interface and port, or the Unix socket's path */
    static String name(Endpoint endpoint) {
        if (endpoint instanceof TcpEndpoint tcp) {
            return "tcp:" + host(tcp.host()) + tcp.port();
        }
        if (endpoint instanceof SslEndpoint ssl) {
            return "ssl:" + host(ssl.host()) + ssl.port();
        }
        return "unix:" + ((UnixEndpoint) endpoint).path();
    }

    private static String host(String host) {
        if (host == null) {
            return "";
        }
        return host.indexOf(':') >= 0 ? "[" + host + "]:" : host + ":";
    }
}
