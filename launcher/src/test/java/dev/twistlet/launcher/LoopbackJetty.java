package dev.twistlet.launcher;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A bare Jetty server on a free port of 127.0.0.1, for tests of one handler over real sockets. */
final class LoopbackJetty implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    /**
     * @param handler what serves every request
     * @throws Exception when Jetty cannot start
     */
    LoopbackJetty(Handler handler) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
    }

    /** @return the port it listens on */
    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
