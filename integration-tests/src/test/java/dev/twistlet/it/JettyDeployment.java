package dev.twistlet.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** The WAR in embedded Jetty 12 (ee10 {@code WebAppContext}), as a Jetty user deploys one. */
final class JettyDeployment implements Deployment {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Map<String, Path> unpacked = new HashMap<>();

    JettyDeployment(Path war, Path work, Map<String, String> contextParameters) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (String context : CONTEXTS) {
            WebAppContext webapp = new WebAppContext();
            webapp.setContextPath(context.isEmpty() ? "/" : context);
            webapp.setWar(war.toString());
            Path temp = Files.createDirectories(work.resolve("jetty" + context.replace('/', '-')));
            webapp.setTempDirectory(temp.toFile());
            contextParameters.forEach(webapp::setInitParameter);
            contexts.addHandler(webapp);
            unpacked.put(context, temp);
        }
        server.setHandler(contexts);
        server.start();
    }

    @Override
    public String name() {
        return "Jetty 12";
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public Path unpacked(String context) {
        return unpacked.get(context);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
