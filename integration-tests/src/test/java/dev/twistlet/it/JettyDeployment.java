package dev.twistlet.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * The WAR in embedded Jetty 12 (ee10 {@code WebAppContext}), as a Jetty user deploys one: with
 * the Jakarta WebSocket container, which a distribution user gets from the
 * {@code ee10-websocket-jakarta} module.
 */
final class JettyDeployment implements Deployment {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Map<String, Path> unpacked = new HashMap<>();

    JettyDeployment(Path war, Path work, Map<String, String> contextParameters) throws Exception {
        this(war, work, contextParameters, true);
    }

    /**
     * @param websockets whether to install the Jakarta WebSocket container; without it, the
     *                   contexts are as in a base without the {@code ee10-websocket-jakarta} module
     *                   (except that the API's classes are still on the class path)
     */
    JettyDeployment(Path war, Path work, Map<String, String> contextParameters, boolean websockets) throws Exception {
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
            if (websockets) {
                // What the ee10-websocket-jakarta module does in a distribution: its jars on the
                // server's class path (this module's test dependency), and its
                // ServletContainerInitializer, which publishes the ServerContainer in the servlet
                // context (the attribute jakarta.websocket.server.ServerContainer) before the WAR's
                // servlets start. The module depends on ee10-annotations, whose scanning finds that
                // initializer; jetty-ee10-annotations comes with the jar here too, so this context
                // would find it as well, but configure() does not leave it to scanning (running it
                // twice is harmless: it keeps the container it finds).
                JakartaWebSocketServletContainerInitializer.configure(webapp, null);
            } else {
                // Keeps the scanning from finding the initializer on the class path.
                webapp.setAttribute(AnnotationConfiguration.SERVLET_CONTAINER_INITIALIZER_EXCLUSION_PATTERN,
                        "org\\.eclipse\\.jetty\\.ee10\\.websocket\\..*");
            }
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
