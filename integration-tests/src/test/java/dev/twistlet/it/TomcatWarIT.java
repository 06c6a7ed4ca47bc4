package dev.twistlet.it;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * The WAR suite in embedded Tomcat 11; tagged so that it runs in a JVM of its own, without
 * Jetty's WebSocket jars (see the module's failsafe configuration).
 */
@Tag("tomcat")
class TomcatWarIT extends WarSuite {
    @Override
    Deployment deploy(Path war, Path work, Map<String, String> contextParameters) throws Exception {
        return new TomcatDeployment(war, work, contextParameters);
    }
}
