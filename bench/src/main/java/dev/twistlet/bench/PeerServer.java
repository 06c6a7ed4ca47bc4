package dev.twistlet.bench;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Runs a Jetty peer the way the launcher runs its own server (default thread pool, no
 * server version, the same URI compliance), so that ratios compare handlers, not setups.
 */
final class PeerServer {
    private PeerServer() {
    }

    /**
     * Serves {@code handler} on 127.0.0.1 and blocks until the process is stopped.
     *
     * @param port    the port
     * @param handler what answers
     * @param what    named in the line printed at start
     * @throws Exception when Jetty cannot start
     */
    static void run(int port, Handler handler, String what) throws Exception {
        Server server = new Server(new QueuedThreadPool());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setUriCompliance(UriCompliance.DEFAULT.with("twistlet",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        System.out.println(what + ": serving http://127.0.0.1:" + connector.getLocalPort() + "/");
        server.join();
    }
}
