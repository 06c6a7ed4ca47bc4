package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.launcher.LauncherProcessIT.Run;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart with no failed request: two launchers behind a real haproxy on loopback,
 * which checks {@code GET /health/ready} on each one's admin endpoint every 200 ms (down after
 * one failure, up after two successes) and does not retry a request elsewhere. Under a steady
 * load from wrk, each launcher in turn gets SIGTERM (with {@code --drain-delay 3}, longer than
 * the check interval and the check's 1 s timeout together, with room for a busy machine), exits
 * 0, is started again and takes traffic again; then the other. The client sees no socket error
 * and no status other than 2xx.
 */
class RollingRestartIT {
    private static final String TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath().toString();
    private static final Pattern ADMIN = Pattern.compile("admin endpoint (http://\\S+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One launcher, on ports of its own that it comes back on. */
    private final class Node {
        final String name;
        final int port = SharedSessionsIT.freePort();
        final int admin = SharedSessionsIT.freePort();
        Run run;

        Node(String name) throws IOException {
            this.name = name;
        }

        void start() throws Exception {
            run = Run.start(new ProcessBuilder(LauncherProcessIT.jar("web", "--class", "dev.twistlet.launcher.it.HeldResource",
                    "--classpath", TEST_CLASSES, "--listen", "tcp:port=" + port + ":interface=127.0.0.1",
                    "--admin", "tcp:port=" + admin + ":interface=127.0.0.1", "--drain-delay", "3",
                    "--add-header", "X-Node: " + name, "--pidfile=")).directory(dir.toFile()));
            processes.add(run.process());
            run.awaitLine(ADMIN);
        }

        void stop() throws Exception {
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start().waitFor()).isZero();
            assertThat(run.awaitExit()).as("%s's exit status after SIGTERM; stderr: %s", name, run.err()).isZero();
        }
    }

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void eachLauncherRestartsInTurnWithNoFailedRequest() throws Exception {
        Node a = new Node("a");
        Node b = new Node("b");
        a.start();
        b.start();
        int balancer = SharedSessionsIT.freePort();
        startHaproxy(balancer, a, b);
        URI front = URI.create("http://127.0.0.1:" + balancer + "/");
        awaitServedBy(front, a);
        awaitServedBy(front, b);

        Path pace = dir.resolve("pace.lua");
        // Each connection waits 10 ms between requests: a steady load that leaves the machine
        // room to start a JVM.
        Files.writeString(pace, "function delay()\n  return 10\nend\n");
        Process wrk = new ProcessBuilder("wrk", "-t", "1", "-c", "4", "-d", "120s", "--timeout", "10s", "-s", pace.toString(),
                front.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("wrk.out").toFile()).start();
        processes.add(wrk);
        Thread.sleep(1000);
        for (Node node : List.of(a, b)) {
            node.stop();
            node.start();
            awaitServedBy(front, node);
            Thread.sleep(500);
        }
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor()).isZero();
        assertThat(wrk.waitFor(30, TimeUnit.SECONDS)).as("wrk stops on SIGINT").isTrue();
        String report = Files.readString(dir.resolve("wrk.out"));
        Matcher requests = REQUESTS.matcher(report);
        assertThat(requests.find()).as("wrk's report: %s", report).isTrue();
        assertThat(Long.parseLong(requests.group(1))).as("requests made: %s", report).isGreaterThan(300);
        assertThat(report).as("wrk's report").doesNotContain("Socket errors").doesNotContain("Non-2xx");
    }

    /** Asks through the balancer until {@code node} answers (up to 30 s). */
    private void awaitServedBy(URI front, Node node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(front).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("through the balancer").isEqualTo(200);
            if (answer.headers().firstValue("X-Node").orElse("").equals(node.name)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the balancer never sent a request to " + node.name);
    }

    private void startHaproxy(int port, Node first, Node second) throws Exception {
        Path config = dir.resolve("haproxy.cfg");
        // No retries and no redispatch: a request sent to a launcher that is not taking it fails.
        Files.writeString(config, """
                global
                    maxconn 256
                defaults
                    mode http
                    retries 0
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    timeout check 1s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend launchers
                backend launchers
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host localhost
                    http-check expect status 200
                    default-server inter 200ms fall 1 rise 2
                    server a 127.0.0.1:%d check port %d
                    server b 127.0.0.1:%d check port %d
                """.formatted(port, first.port, first.admin, second.port, second.admin));
        Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.out").toFile()).start();
        processes.add(haproxy);
        for (int i = 0; i < 200; i++) {
            assertThat(haproxy.isAlive()).as("haproxy is running: %s", Files.readString(dir.resolve("haproxy.out"))).isTrue();
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("haproxy never listened on " + port);
    }
}
