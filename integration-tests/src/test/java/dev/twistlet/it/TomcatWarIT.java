package dev.twistlet.it;

import java.nio.file.Path;
import java.util.Map;

/** The WAR suite in embedded Tomcat 11. */
class TomcatWarIT extends WarSuite {
    @Override
    Deployment deploy(Path war, Path work, Map<String, String> contextParameters) throws Exception {
        return new TomcatDeployment(war, work, contextParameters);
    }
}
