package dev.twistlet.launcher;

import java.util.List;

/**
 * A TCP endpoint: {@code tcp:8080}, {@code tcp:port=8080:interface=127.0.0.1:backlog=50}.
 * Port 0 asks for a free port; an IPv6 interface is written with escaped colons, as in
 * {@code tcp:8080:interface=\:\:1}.
 *
 * @param port    the TCP port, 0 to 65535
 * @param host    the interface to bind, or {@code null} for every interface
 * @param backlog the accept queue length, or 0 for the default
 * @param spec    the string it was parsed from
 */
public record TcpEndpoint(int port, String host, int backlog, String spec) implements Endpoint {

    /**
     * @param spec the whole string
     * @param args what follows {@code tcp:}
     * @return the endpoint
     */
    static TcpEndpoint parse(String spec, String args) {
        EndpointArgs named = new EndpointArgs(spec, args, "port", List.of("port", "interface", "backlog"));
        if (named.get("port") == null) {
            throw named.error("no port");
        }
        String host = named.get("interface");
        return new TcpEndpoint(named.number("port", 65535, 0), host == null || host.isEmpty() ? null : host,
                named.number("backlog", 65535, 0), spec);
    }
}
