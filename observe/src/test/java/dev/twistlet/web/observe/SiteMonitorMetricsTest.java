package dev.twistlet.web.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.cgi.CGIConfig;
import dev.twistlet.web.cgi.CGIScript;
import dev.twistlet.web.proxy.ReverseProxyOptions;
import dev.twistlet.web.proxy.ReverseProxyResource;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters only Twistlet knows of, fed through the site's monitor and the session listener, over real sockets. */
class SiteMonitorMetricsTest {
    static final String HELD = "twistlet_responses_held";
    static final String FAILURES = "twistlet_proxy_upstream_failures_total";

    @Test
    void heldResponsesCountUpThenDown() throws Exception {
        CompletableFuture<Request> holding = new CompletableFuture<>();
        Resource root = new Resource();
        root.putChild("hold", new Resource() {
            @Override
            public Object renderGet(Request request) {
                holding.complete(request);
                return IResource.NOT_DONE_YET;
            }
        });
        try (MeteredServer server = new MeteredServer(root)) {
            assertThat(server.scrape().value(HELD)).isZero();
            CompletableFuture<HttpResponse<String>> answer = server.client().sendAsync(
                    HttpRequest.newBuilder(server.uri("/hold")).build(), HttpResponse.BodyHandlers.ofString());
            Request request = holding.get(10, TimeUnit.SECONDS);
            Scrape during = server.awaitScrape(s -> s.value(HELD) == 1);
            assertThat(during.value(HELD)).isEqualTo(1);
            assertThat(during.value("http_server_requests_active")).isEqualTo(1);

            request.write("done".getBytes(StandardCharsets.UTF_8));
            request.finish();
            assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
            // The request is counted just after its active gauge goes down, as its response completes.
            Scrape after = server.awaitScrape(s -> s.value(HELD) == 0 && s.value("http_server_requests_active") == 0
                    && s.value("http_server_requests_seconds_count", "method", "GET", "status", "200") == 1);
            assertThat(after.value(HELD)).isZero();
            assertThat(after.value("http_server_requests_active")).isZero();
            assertThat(after.value("http_server_requests_seconds_count", "method", "GET", "status", "200")).isEqualTo(1);
        }
    }

    @Test
    void proxyUpstreamFailuresAreCountedByKind() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        ReverseProxyOptions quick = ReverseProxyOptions.DEFAULTS.withTimeout(Duration.ofMillis(500));
        try (FakeUpstream garbage = new FakeUpstream(FakeUpstream.Fault.GARBAGE);
                FakeUpstream hangUp = new FakeUpstream(FakeUpstream.Fault.HANG_UP);
                FakeUpstream silent = new FakeUpstream(FakeUpstream.Fault.SILENT)) {
            Resource root = new Resource();
            root.putChild("refused", new ReverseProxyResource("http", "127.0.0.1", closed, "", quick));
            root.putChild("garbage", new ReverseProxyResource("http", "127.0.0.1", garbage.port(), "", quick));
            root.putChild("hangup", new ReverseProxyResource("http", "127.0.0.1", hangUp.port(), "", quick));
            root.putChild("silent", new ReverseProxyResource("http", "127.0.0.1", silent.port(), "", quick));
            try (MeteredServer server = new MeteredServer(root)) {
                Scrape before = server.scrape();
                assertThat(before.named(FAILURES)).extracting(s -> s.labels().get("kind"))
                        .containsExactlyInAnyOrder("connect", "timeout", "reset", "bad-answer", "other");
                assertThat(before.named(FAILURES)).allSatisfy(s -> assertThat(s.value()).isZero());

                assertThat(server.send("GET", "/refused/x").statusCode()).isEqualTo(502);
                assertThat(server.send("GET", "/garbage/x").statusCode()).isEqualTo(502);
                assertThat(server.send("GET", "/hangup/x").statusCode()).isEqualTo(502);
                assertThat(server.send("GET", "/silent/x").statusCode()).isEqualTo(504);

                Scrape after = server.awaitScrape(s -> s.value(HELD) == 0);
                assertThat(after.value(FAILURES, "kind", "connect")).isEqualTo(1);
                assertThat(after.value(FAILURES, "kind", "bad-answer")).isEqualTo(1);
                assertThat(after.value(FAILURES, "kind", "reset")).isEqualTo(1);
                assertThat(after.value(FAILURES, "kind", "timeout")).isEqualTo(1);
                assertThat(after.value(FAILURES, "kind", "other")).isZero();
            }
        }
    }

    @Test
    void cgiScriptsStartedRunningAndKilled(@TempDir Path dir) throws Exception {
        Path hi = executable(dir.resolve("hi.cgi"), "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nhi'\n");
        Path sleepy = executable(dir.resolve("sleepy.cgi"), "#!/bin/sh\nexec sleep 60\n");
        Resource root = new Resource();
        root.putChild("hi", new CGIScript(hi));
        root.putChild("sleepy", new CGIScript(sleepy, CGIConfig.DEFAULTS.withTimeout(Duration.ofMillis(300))));
        try (MeteredServer server = new MeteredServer(root)) {
            assertThat(server.send("GET", "/hi").body()).isEqualTo("hi");
            assertThat(server.send("GET", "/sleepy").statusCode()).isEqualTo(504);
            Scrape after = server.awaitScrape(s -> s.value("twistlet_cgi_scripts_running") == 0
                    && s.value("twistlet_cgi_scripts_killed_total") == 1);
            assertThat(after.value("twistlet_cgi_scripts_started_total")).isEqualTo(2);
            assertThat(after.value("twistlet_cgi_scripts_killed_total")).isEqualTo(1);
            assertThat(after.value("twistlet_cgi_scripts_running")).isZero();
        }
    }

    @Test
    void sessionsCreatedAndExpired() throws Exception {
        Resource root = new Resource();
        root.putChild("login", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return request.getSession().getUid();
            }
        });
        root.putChild("logout", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.getSession().expire();
                return "bye";
            }
        });
        try (MeteredServer server = new MeteredServer(root)) {
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            browser.send(HttpRequest.newBuilder(server.uri("/login")).build(), HttpResponse.BodyHandlers.ofString());
            browser.send(HttpRequest.newBuilder(server.uri("/login")).build(), HttpResponse.BodyHandlers.ofString());
            Scrape created = server.scrape();
            assertThat(created.value("twistlet_session_creations_total")).isEqualTo(1);
            assertThat(created.value("twistlet_session_expirations_total")).isZero();
            browser.send(HttpRequest.newBuilder(server.uri("/logout")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(server.scrape().value("twistlet_session_expirations_total")).isEqualTo(1);
        }
    }

    @Test
    void connectionsThreadsAndTheJvm() throws Exception {
        Resource root = new Resource();
        root.putChild("ok", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "ok";
            }
        });
        try (MeteredServer server = new MeteredServer(root)) {
            server.send("GET", "/ok");
            // The client keeps its connection open for the next request.
            Scrape scrape = server.scrape();
            assertThat(scrape.value("twistlet_connections_open", "listener", "test")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("jetty_threads_busy")).isGreaterThanOrEqualTo(0);
            assertThat(scrape.value("jetty_threads_config_max")).isPositive();
            assertThat(scrape.value("jvm_threads_live_threads")).isPositive();
            assertThat(scrape.named("jvm_memory_used_bytes")).isNotEmpty();
            assertThat(scrape.named("jvm_gc_memory_allocated_bytes_total")).isNotEmpty();
        }
    }

    static Path executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
