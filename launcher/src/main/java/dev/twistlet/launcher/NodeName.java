package dev.twistlet.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The default name of a launcher among those sharing a session store: the host's name and
 * the first TCP port it listens on (the process id when it listens on Unix sockets only), so
 * that two launchers never share one by accident.
 */
final class NodeName {
    private NodeName() {
    }

    /**
     * @param endpoints where the launcher listens
     * @return e.g. {@code web1-8080}; only letters, digits, {@code -} and {@code _}
     */
    static String of(List<Endpoint> endpoints) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "twistlet";
        }
        host = host.split("\\.")[0].replaceAll("[^A-Za-z0-9_-]", "_");
        if (host.isEmpty()) {
            host = "twistlet";
        }
        String place = endpoints.stream()
                .map(e -> e instanceof TcpEndpoint tcp ? tcp.port() : e instanceof SslEndpoint ssl ? ssl.port() : -1)
                .filter(port -> port > 0).findFirst().map(String::valueOf)
                .orElse("pid" + ProcessHandle.current().pid());
        String name = host + "-" + place;
        return name.length() <= 64 ? name : name.substring(name.length() - 64);
    }
}
