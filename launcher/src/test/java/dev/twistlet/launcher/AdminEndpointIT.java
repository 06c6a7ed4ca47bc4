package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twistlet.launcher.LauncherProcessIT.Run;
import dev.twistlet.testing.PostgresCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twistlet web --admin}: the health paths answer on the admin endpoint and nowhere else;
 * {@code /health/ready} is 503 from SIGTERM on, while the listeners still accept for the drain
 * delay and then while requests in flight finish; a held response that finishes within the
 * shutdown timeout ends whole, one that does not is cut and told why; the process exits 0;
 * ready is 503 while the session store is down, 200 again once it is back; and a configuration
 * script gets the same through {@code application.admin(...)} and the methods beside it.
 */
class AdminEndpointIT {
    private static final String TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath().toString();
    private static final Pattern ADMIN = Pattern.compile("admin endpoint (http://\\S+)");
    private static final String LOOPBACK = "tcp:port=0:interface=127.0.0.1";

    @TempDir
    Path dir;
    private final List<Run> runs = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void killAll() {
        runs.forEach(run -> run.process().destroyForcibly());
    }

    private Run start(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("web", "--class", "dev.twistlet.launcher.it.HeldResource",
                "--classpath", TEST_CLASSES, "--listen", LOOPBACK, "--admin", LOOPBACK, "--pidfile="));
        args.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(LauncherProcessIT.jar(args.toArray(String[]::new))).directory(dir.toFile());
        builder.environment().put("TWISTLET_HELD_LOG", dir.resolve("held.log").toString());
        Run run = Run.start(builder);
        runs.add(run);
        return run;
    }

    private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Asks until the answer matches, for up to {@code seconds}; returns it. */
    private HttpResponse<String> await(URI base, String path, Predicate<HttpResponse<String>> wanted, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        HttpResponse<String> last = get(base, path);
        while (!wanted.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = get(base, path);
        }
        return last;
    }

    @Test
    void healthIsOnTheAdminEndpointOnlyAndAStopDrainsThenEndsWhatIsStillHeld() throws Exception {
        Run run = start("--drain-delay", "2", "--shutdown-timeout", "3");
        URI site = run.awaitUrl();
        URI admin = URI.create(run.awaitLine(ADMIN).group(1));
        assertThat(admin.getPort()).isNotEqualTo(site.getPort());

        assertThat(get(admin, "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(admin, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"listeners\",\"status\":\"UP\"}]}");
        for (String other : List.of("/", "/health", "/health/ready/", "/held?id=x&ms=1")) {
            assertThat(get(admin, other).statusCode()).as("admin %s", other).isEqualTo(404);
        }
        for (String health : List.of("/health/live", "/health/ready", "/metrics")) {
            assertThat(get(site, health).statusCode()).as("the site's own %s", health).isEqualTo(404);
        }
        assertThat(get(site, "/").body()).isEqualTo("ok");

        // One held response finishes 3 s after it starts (after the 2 s drain, within the 3 s
        // timeout that follows); the other would take ten minutes.
        try (Socket finishing = held(site, "finishing", 3000); Socket never = held(site, "never", 600_000)) {
            kill(run);
            HttpResponse<String> draining = await(admin, "/health/ready", r -> r.statusCode() == 503, 5);
            assertThat(draining.statusCode()).as("ready from SIGTERM on").isEqualTo(503);
            assertThat(draining.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"listeners\",\"status\":\"DOWN\"}]}");
            assertThat(get(admin, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(site, "/").statusCode()).as("still accepting during the drain delay").isEqualTo(200);

            awaitRefused(site, 10);
            assertThat(get(admin, "/health/ready").statusCode()).as("while requests finish").isEqualTo(503);
            assertThat(Served.readUntil(finishing.getInputStream(), "0\r\n\r\n")).as("the response ends whole")
                    .contains("end");
            assertThat(rest(never.getInputStream())).as("cut, not ended cleanly").doesNotContain("0\r\n\r\n").doesNotContain("end");
        }
        assertThat(run.awaitExit()).as("exit status; stderr: %s", run.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("held.log"))).containsExactlyInAnyOrder("finishing finished",
                "never failed: ConnectionLostException: the server stopped before the response was finished "
                        + "(shutdown timeout: 3 s)");
        awaitRefused(admin, 1);
    }

    @Test
    void metricsAreOnTheAdminEndpointAndCountWhatTheSiteServed() throws Exception {
        Run run = start();
        URI site = run.awaitUrl();
        URI admin = URI.create(run.awaitLine(ADMIN).group(1));
        for (int i = 0; i < 3; i++) {
            assertThat(get(site, "/").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(get(site, "/no-such-page").statusCode()).isEqualTo(404);
        }
        // Counts print as 3 or 3.0, as the Prometheus client's version prefers.
        Pattern ok = Pattern.compile(
                "(?m)^http_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\",status=\"200\"} 3(\\.0)?$");
        Pattern missing = Pattern.compile(
                "(?m)^http_server_requests_seconds_count\\{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\"} 2(\\.0)?$");
        HttpResponse<String> scrape = await(admin, "/metrics",
                r -> ok.matcher(r.body()).find() && missing.matcher(r.body()).find(), 5);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(scrape.body()).containsPattern(ok).containsPattern(missing)
                .contains("jvm_memory_used_bytes", "twistlet_responses_held").doesNotContain("/no-such-page");
        assertThat(get(site, "/metrics").statusCode()).as("the site's own /metrics").isEqualTo(404);
    }

    @Test
    void readyIs503WhileTheSessionStoreIsDown() throws Exception {
        try (PostgresCluster db = PostgresCluster.start()) {
            Run run = start("--session-store", db.jdbcUrl());
            run.awaitUrl();
            URI admin = URI.create(run.awaitLine(ADMIN).group(1));
            String up = "{\"status\":\"UP\",\"checks\":[{\"name\":\"listeners\",\"status\":\"UP\"},"
                    + "{\"name\":\"sessionStore\",\"status\":\"UP\"}]}";
            assertThat(await(admin, "/health/ready", r -> r.statusCode() == 200, 5).body()).isEqualTo(up);

            db.stop();
            HttpResponse<String> down = await(admin, "/health/ready", r -> r.statusCode() == 503, 20);
            assertThat(down.statusCode()).as("the store is down: %s", down.body()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"listeners\",\"status\":\"UP\"},"
                    + "{\"name\":\"sessionStore\",\"status\":\"DOWN\"}]}");
            assertThat(get(admin, "/health/live").statusCode()).isEqualTo(200);

            db.restart();
            HttpResponse<String> back = await(admin, "/health/ready", r -> r.statusCode() == 200, 20);
            assertThat(back.body()).as("the store answers again").isEqualTo(up);
            kill(run);
            assertThat(run.awaitExit()).as("exit status; stderr: %s", run.err()).isZero();
        }
    }

    @Test
    void aConfigurationScriptSaysTheSameWithApplicationMethods() throws Exception {
        Path script = dir.resolve("site.java");
        Files.writeString(script, """
                import dev.twistlet.web.Resource;
                import dev.twistlet.web.Site;
                import java.time.Duration;

                application.listen("tcp:port=0:interface=127.0.0.1", new Site(new Resource()));
                application.admin("tcp:port=0:interface=127.0.0.1").drainDelay(Duration.ofSeconds(1))
                        .shutdownTimeout(Duration.ofSeconds(5));
                """);
        Run run = Run.startAt(dir, "-ny", script.toString());
        runs.add(run);
        run.awaitUrl();
        URI admin = URI.create(run.awaitLine(ADMIN).group(1));
        assertThat(get(admin, "/health/ready").statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        kill(run);
        assertThat(await(admin, "/health/ready", r -> r.statusCode() == 503, 5).statusCode()).isEqualTo(503);
        assertThat(run.awaitExit()).as("exit status; stderr: %s", run.err()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the drain delay was kept")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void mistakesAreOneLineAndStatus2() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String taken = "tcp:port=" + busy.getLocalPort() + ":interface=127.0.0.1";
            List<List<String>> mistakes = List.of(List.of("--admin", "tcp:ninety"), List.of("--drain-delay", "-1"),
                    List.of("--shutdown-timeout", "-5"), List.of("--admin", taken));
            List<String> said = List.of("twistlet web: --admin: bad endpoint 'tcp:ninety'",
                    "twistlet web: --drain-delay and --shutdown-timeout must not be negative",
                    "twistlet web: --drain-delay and --shutdown-timeout must not be negative",
                    "twistlet web: cannot listen on admin endpoint " + taken + ": ");
            for (int i = 0; i < mistakes.size(); i++) {
                List<String> args = new ArrayList<>(List.of("web", "--listen", LOOPBACK, "--pidfile="));
                args.addAll(mistakes.get(i));
                Run run = Run.start(LauncherProcessIT.jar(args.toArray(String[]::new)));
                runs.add(run);
                assertThat(run.awaitExit()).as("%s", mistakes.get(i)).isEqualTo(2);
                assertThat(run.err()).as("%s", mistakes.get(i)).hasSize(1);
                assertThat(run.err().get(0)).startsWith(said.get(i));
            }
        }
    }

    /** Starts a held response and reads its first bytes; the socket stays open. */
    private static Socket held(URI site, String id, int ms) throws IOException {
        Socket socket = new Socket(site.getHost(), site.getPort());
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("GET /held?id=" + id + "&ms=" + ms + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        Served.readUntil(in, "start;");
        return socket;
    }

    /** @return what the stream still gives until it ends or is reset */
    private static String rest(InputStream in) {
        StringBuilder seen = new StringBuilder();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                seen.append((char) b);
            }
        } catch (java.net.SocketTimeoutException open) {
            throw new AssertionError("the held response is still open; read: " + seen, open);
        } catch (IOException reset) {
            // cut with a reset rather than a close: cut all the same
        }
        return seen.toString();
    }

    private static void kill(Run run) throws Exception {
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start().waitFor()).isZero();
    }

    /** Waits until connecting to {@code server} is refused. */
    private static void awaitRefused(URI server, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(server.getHost(), server.getPort())) {
                Thread.sleep(50);
            } catch (IOException refused) {
                return;
            }
        }
        assertThatThrownBy(() -> new Socket(server.getHost(), server.getPort()).close())
                .as("%s refuses connections", server).isInstanceOf(ConnectException.class);
    }
}
