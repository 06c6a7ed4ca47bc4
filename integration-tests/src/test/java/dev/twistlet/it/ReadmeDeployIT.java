package dev.twistlet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.Readme;
import dev.twistlet.testing.WsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Deploy as a WAR" steps, as written, on the real distributions: the {@code sh}
 * block that mentions {@code CATALINA_BASE} runs on an unpacked Tomcat 11 that still holds its
 * own {@code webapps/ROOT}, and the one that mentions {@code JETTY_HOME} on an unpacked
 * {@code jetty-home} 12 (the blocks that also name a database are WarSessionsInPostgresIT's). Each block runs whole, as one {@code bash} script (so its {@code cd}
 * carries over), in a folder that links to the checkout's folders so that
 * {@code war-sample/target/twistlet-sample.war} means what it means in the checkout; its last line
 * is {@code exec}'d, so the server is the process this test holds. The root context must then
 * serve the sample's home page, a page below it and its WebSocket echo on port 8080; SIGTERM
 * must stop the server and free its ports.
 *
 * <p>Maven unpacks the distributions into {@code target/dist} before the integration tests and
 * names them in the system properties {@code twistlet.tomcat.home} and {@code twistlet.jetty.home}.
 */
class ReadmeDeployIT {
    private static final String ORIGIN = "http://127.0.0.1:8080";
    /** HTTP, and Tomcat's shutdown port. */
    private static final List<Integer> PORTS = List.of(8080, 8005);
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<Path> links = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** A server already on one of the ports would answer in the README's server's place. */
    @BeforeEach
    void portsAreFree() {
        for (int port : PORTS) {
            assertThat(listening(port)).as("something already listens on 127.0.0.1:%d", port).isFalse();
        }
    }

    /**
     * Removes the links to the checkout (so cleaning the temporary folder never follows one), then
     * checks that the stopped server left nothing listening.
     *
     * @throws Exception if a link cannot be removed or the wait is interrupted
     */
    @AfterEach
    void unlinkAndCheckPortsFreed() throws Exception {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
        long deadline = System.nanoTime() + STOP.toNanos();
        for (int port : PORTS) {
            while (listening(port) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(listening(port)).as("127.0.0.1:%d still listening after the test", port).isFalse();
        }
    }

    /**
     * The Tomcat block: Tomcat's own {@code webapps/ROOT} is there, as in every download, and the
     * block's {@code rm} is what lets {@code ROOT.war} be the root context.
     *
     * @throws Exception on any failure to run the block or to talk to the server
     */
    @Test
    void tomcatBlockServesTheSampleAtTheRootContext() throws Exception {
        String block = readmeBlock("CATALINA_BASE");
        Path tomcat = Distribution.copy(Distribution.home("twistlet.tomcat.home"), dir.resolve("tomcat"));
        assertThat(tomcat.resolve("webapps/ROOT/index.jsp")).as("Tomcat's own welcome application").isRegularFile();
        assertThat(tomcat.resolve("bin/catalina.sh")).as("catalina.sh, unpacked").isExecutable();
        ProcessBuilder builder = shell(block);
        Map<String, String> env = builder.environment();
        env.put("CATALINA_HOME", tomcat.toString());
        env.put("CATALINA_BASE", tomcat.toString());
        env.remove("CATALINA_OPTS");
        env.remove("CATALINA_PID");
        env.remove("CATALINA_TMPDIR");
        env.remove("JRE_HOME");
        serveTheSample(builder, "Tomcat");
    }

    /**
     * The Jetty block: a base made with the {@code http}, {@code ee10-deploy} and
     * {@code ee10-websocket-jakarta} modules in the working folder, the WAR copied into its
     * {@code webapps/}, {@code start.jar} run from there.
     *
     * @throws Exception on any failure to run the block or to talk to the server
     */
    @Test
    void jettyBlockServesTheSampleAtTheRootContext() throws Exception {
        String block = readmeBlock("JETTY_HOME");
        Path jettyHome = Distribution.home("twistlet.jetty.home");
        assertThat(jettyHome.resolve("start.jar")).as("jetty-home's start.jar").isRegularFile();
        ProcessBuilder builder = shell(block);
        Map<String, String> env = builder.environment();
        env.put("JETTY_HOME", jettyHome.toString());
        env.remove("JETTY_BASE");
        env.remove("JAVA_OPTIONS");
        serveTheSample(builder, "Jetty");
    }

    /**
     * Starts the block, waits for the root context to answer 200, checks the sample's pages there,
     * then stops the server with SIGTERM.
     */
    private void serveTheSample(ProcessBuilder builder, String container) throws Exception {
        Path log = dir.resolve(container.toLowerCase() + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process server = builder.start();
        List<ProcessHandle> tree = new ArrayList<>();
        try {
            HttpResponse<String> home = awaitRoot(server, log);
            tree.addAll(server.descendants().toList());
            assertThat(home.body()).as("%s at %s/: the sample's home page, not the container's; log:%n%s",
                            container, ORIGIN, tail(log))
                    .contains("<h1>Twistlet sample</h1>")
                    .contains("<a href=\"/hello/\">hello/</a>")
                    .contains("<a href=\"/files/\">files/</a>");
            assertThat(home.headers().firstValue("Content-Type").orElse("none")).as("%s: / content type", container)
                    .startsWith("text/html");

            HttpResponse<String> hello = get("/hello/");
            assertThat(hello.statusCode()).as("%s: /hello/", container).isEqualTo(200);
            assertThat(hello.body()).as("%s: /hello/", container)
                    .contains("Hello, world! I am located at [hello")
                    .contains("(" + ORIGIN + "/hello");

            HttpResponse<String> files = get("/files/");
            assertThat(files.statusCode()).as("%s: /files/ (the unpacked WAR's static files)", container).isEqualTo(200);

            try (WsClient echo = WsClient.connect(URI.create("ws://127.0.0.1:8080/websocket/echo"))) {
                echo.socket().sendText("hello, " + container, true).get(10, TimeUnit.SECONDS);
                assertThat(echo.next()).as("%s: /websocket/echo (the container's Jakarta WebSocket)", container)
                        .isEqualTo(new WsClient.Event("text", "hello, " + container, null, 0));
            }

            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start().waitFor())
                    .as("kill -TERM").isZero();
            assertThat(server.waitFor(STOP.toSeconds(), TimeUnit.SECONDS))
                    .as("%s exits within %s of SIGTERM; log:%n%s", container, STOP, tail(log)).isTrue();
        } finally {
            server.destroyForcibly();
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.forEach(ProcessHandle::destroyForcibly);
            server.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Asks for {@code /} until it answers 200, the server exits, or {@link #START} has passed. */
    private HttpResponse<String> awaitRoot(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the block exited with status " + server.exitValue()
                        + " before " + ORIGIN + "/ answered 200; log:\n" + tail(log));
            }
            try {
                HttpResponse<String> answer = get("/");
                if (answer.statusCode() == 200) {
                    return answer;
                }
                last = "status " + answer.statusCode();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no 200 at " + ORIGIN + "/ within " + START + " (last: " + last + "); log:\n" + tail(log));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(ORIGIN + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The block run by {@link ReadmeShell#shell} in a fresh folder laid out as the checkout. */
    private ProcessBuilder shell(String block) throws IOException {
        return ReadmeShell.shell(block, Readme.layout(dir, links));
    }

    /**
     * @return the one {@code sh} block of the README that mentions {@code word} and deploys the
     *         WAR as it is, not with sessions in PostgreSQL (WarSessionsInPostgresIT runs those)
     */
    static String readmeBlock(String word) throws IOException {
        return ReadmeShell.block(b -> b.contains(word) && !b.contains(ReadmeShell.POSTGRES),
                "the deploy block that mentions " + word);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** The last lines the server wrote, for failure messages. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException unreadable) {
            return "(no log: " + unreadable + ")";
        }
    }
}
