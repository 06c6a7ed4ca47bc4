package dev.twistlet.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * The WAR in embedded Tomcat 11 ({@code Tomcat.addWebapp}), unpacked into its app base. Its
 * Jakarta WebSocket container comes as in every Tomcat: {@code tomcat-embed-websocket} on the
 * class path (a distribution's {@code lib/tomcat-websocket.jar}), whose
 * {@code ServletContainerInitializer} ({@code WsSci}) Tomcat runs for each web application.
 */
final class TomcatDeployment implements Deployment {
    private final Tomcat tomcat = new Tomcat();
    private final Path appBase;

    TomcatDeployment(Path war, Path work, Map<String, String> contextParameters) throws Exception {
        Path base = Files.createDirectories(work.resolve("tomcat"));
        appBase = Files.createDirectories(base.resolve("webapps"));
        tomcat.setBaseDir(base.toString());
        tomcat.getHost().setAppBase(appBase.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // The WAR's own web.xml is the whole configuration: no JSP servlet, no default servlet.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        for (String context : CONTEXTS) {
            Context webapp = tomcat.addWebapp(context, war.toString());
            contextParameters.forEach(webapp::addParameter);
        }
        tomcat.start();
    }

    @Override
    public String name() {
        return "Tomcat 11";
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public Path unpacked(String context) {
        return appBase.resolve(context.isEmpty() ? "ROOT" : context.substring(1));
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
    }
}
