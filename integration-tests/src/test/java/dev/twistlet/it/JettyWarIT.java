package dev.twistlet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAR suite in embedded Jetty 12. */
class JettyWarIT extends WarSuite {
    @Override
    Deployment deploy(Path war, Path work, Map<String, String> contextParameters) throws Exception {
        return new JettyDeployment(war, work, contextParameters);
    }

    /**
     * Without the Jakarta WebSocket container, as in a Jetty base without the
     * {@code ee10-websocket-jakarta} module, the sample still starts, and says what is missing:
     * the home page lists {@code websocket} without a link, and {@code websocket} is a 404.
     */
    @Test
    void withoutTheWebSocketContainerTheSampleStartsAndSaysSo(@TempDir Path work) throws Exception {
        try (JettyDeployment plain = new JettyDeployment(war, work, Map.of(), false)) {
            for (String mount : mounts()) {
                HttpResponse<String> home = get(plain, mount + "/");
                assertThat(home.statusCode()).as(mount).isEqualTo(200);
                assertThat(home.body()).as(mount).contains("<li>websocket (not set up in this deployment)")
                        .contains("<a href=\"" + mount + "/hello/\">");
                for (String path : List.of("/websocket", "/websocket/echo")) {
                    HttpResponse<String> missing = get(plain, mount + path);
                    assertThat(missing.statusCode()).as(mount + path).isEqualTo(404);
                    assertThat(missing.body()).as(mount + path).contains("ee10-websocket-jakarta");
                }
            }
        }
    }

    private HttpResponse<String> get(Deployment at, String path) throws Exception {
        return client().send(HttpRequest.newBuilder(at.origin().resolve(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
