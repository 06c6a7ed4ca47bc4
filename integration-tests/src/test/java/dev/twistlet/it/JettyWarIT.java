package dev.twistlet.it;

import java.nio.file.Path;
import java.util.Map;

/** The WAR suite in embedded Jetty 12. */
class JettyWarIT extends WarSuite {
    @Override
    Deployment deploy(Path war, Path work, Map<String, String> contextParameters) throws Exception {
        return new JettyDeployment(war, work, contextParameters);
    }
}
