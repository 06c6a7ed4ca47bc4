package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin listener in process: routes answer their exact path only, {@code GET} and
 * {@code HEAD} only; anything else is 404; a failing route is a 500; and
 * {@code /health/ready}'s JSON names each check, 503 when one is down.
 */
class AdminServerTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicBoolean up = new AtomicBoolean(true);
    private AdminServer admin;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        admin = new AdminServer(Endpoint.parse("tcp:port=0:interface=127.0.0.1"));
        admin.route("/health/ready", () -> HealthRoutes.ready(List.of(HealthCheck.of("listeners", () -> true),
                HealthCheck.of("sessionStore", up::get))));
        admin.route("/fails", () -> {
            throw new IllegalStateException("on purpose");
        });
        admin.start();
        base = URI.create(admin.getAddress());
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyNamesEachCheckAndIs503WhenOneIsDown() throws Exception {
        HttpResponse<String> ready = send("GET", "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"listeners\",\"status\":\"UP\"},"
                + "{\"name\":\"sessionStore\",\"status\":\"UP\"}]}");
        up.set(false);
        HttpResponse<String> down = send("GET", "/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"listeners\",\"status\":\"UP\"},"
                + "{\"name\":\"sessionStore\",\"status\":\"DOWN\"}]}");
    }

    @Test
    void onlyTheExactPathsAnswerAndOnlyToGetAndHead() throws Exception {
        for (String other : List.of("/", "/health", "/health/ready/", "/health/ready/x", "/HEALTH/READY", "/metrics")) {
            assertThat(send("GET", other).statusCode()).as(other).isEqualTo(404);
        }
        assertThat(send("GET", "/health/ready?verbose=1").statusCode()).as("a query changes nothing").isEqualTo(200);
        HttpResponse<String> head = send("HEAD", "/health/ready");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = send("POST", "/health/ready");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("GET", "/fails").statusCode()).isEqualTo(500);
    }

    @Test
    void aRouteCanBeAddedWhileServingAndAPathOnlyOnce() throws Exception {
        admin.route("/metrics", () -> new AdminAnswer(200, "text/plain; version=0.0.4", "up 1\n"));
        HttpResponse<String> metrics = send("GET", "/metrics");
        assertThat(metrics.body()).isEqualTo("up 1\n");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(admin.getPaths()).containsExactly("/fails", "/health/ready", "/metrics");
        assertThatThrownBy(() -> admin.route("/metrics", () -> AdminAnswer.json(200, "{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taken");
        assertThatThrownBy(() -> admin.route("metrics", () -> AdminAnswer.json(200, "{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
