package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.twistlet.launcher.LauncherProcessIT.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * Servers that forward through a proxy client (the examples' proxies, {@code twistlet web
 * --user}, a script relaying to a personal server) stop on SIGTERM as promptly and quietly as
 * any other: once a request has gone through the client and the server is idle, the process
 * exits 0 within {@link #BOUND}, with no warning or stack trace in its output. A bound, not a
 * benchmark: before the fix these took about 10 s and warned {@code Couldn't stop}. The reverse
 * proxy's stop waits out its pooled connection's 1 s shutdown idle timeout by design (about 0.7 s
 * after the 300 ms pause, on an idle machine), so the bound leaves room for a slow one.
 */
class StopIT {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Pattern SERVING = Pattern.compile("serving (http://\\S+)");
    private static final Pattern SERVING_SOCKET = Pattern.compile("serving (unix:\\S+)");
    private static final Pattern NOISE = Pattern.compile("WARN|Couldn't stop|Exception|^\tat ");

    @TempDir
    Path dir;
    private final List<Run> runs = new ArrayList<>();

    @AfterEach
    void killAll() {
        runs.forEach(run -> run.process().destroyForcibly());
    }

    @Test
    void theForwardProxyExampleStopsPromptly() throws Exception {
        HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            byte[] body = "from the origin".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        try {
            Run run = start(dir, "-ny", Examples.copy(dir).resolve("09-proxy.java").toString());
            URI proxy = servingUrls(run, 1).get(0);
            String target = "127.0.0.1:" + origin.getAddress().getPort();
            assertThat(exchange(proxy, "http://" + target + "/", target))
                    .startsWith("HTTP/1.1 200").endsWith("\r\n\r\nfrom the origin");
            stopsPromptlyAndQuietly(run);
        } finally {
            origin.stop(0);
        }
    }

    // With two servers in one process, the back end may stop first: Jetty's graceful stop then
    // waits for the front's pooled connection to it, up to its 1 s shutdown idle timeout.
    @Test
    void theReverseProxyExampleStopsPromptly() throws Exception {
        int upstream = TwistedDifferentialIT.freePort();
        Run run = start(dir, "-ny", Examples.withPort(Examples.copy(dir).resolve("10-reverse-proxy-resource.java"), "8081", upstream));
        URI front = frontOf(servingUrls(run, 2), upstream);
        assertThat(exchange(front, "/welcome.html", "localhost")).startsWith("HTTP/1.1 200").contains("Static files are served");
        stopsPromptlyAndQuietly(run);
    }

    @Test
    void theVHostMonsterExampleStopsPromptly() throws Exception {
        int backend = TwistedDifferentialIT.freePort();
        Run run = start(dir, "-ny", Examples.withPort(Examples.copy(dir).resolve("33-using-vhostmonster.java"), "8538", backend));
        URI front = frontOf(servingUrls(run, 2), backend);
        assertThat(exchange(front, "/welcome.html", "example.com")).startsWith("HTTP/1.1 200").contains("Static files are served");
        stopsPromptlyAndQuietly(run);
    }

    @Test
    void theCentralUserServerStopsPromptly() throws Exception {
        personal(home("alice"));
        Run central = start(dir, "web", "--user", "--user-base", dir.toString(), "--listen", "tcp:port=0:interface=127.0.0.1");
        URI url = servingUrls(central, 1).get(0);
        assertThat(exchange(url, "/alice.twistd/", "localhost")).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nalice's front page");
        stopsPromptlyAndQuietly(central);
    }

    @Test
    void aScriptRelayingToAPersonalServerStopsPromptly() throws Exception {
        Path alice = home("alice");
        personal(alice);
        Path script = dir.resolve("relay.java");
        Files.writeString(script, """
                import dev.twistlet.web.Resource;
                import dev.twistlet.web.Site;
                import dev.twistlet.web.distrib.ResourceSubscription;

                var root = new Resource();
                root.putChild("alice", new ResourceSubscription(java.nio.file.Path.of("%s")));
                application.listen("tcp:port=0:interface=127.0.0.1", new Site(root));
                """.formatted(alice.resolve(".twistlet-web.sock")));
        Run relay = start(dir, "-ny", script.toString());
        URI url = servingUrls(relay, 1).get(0);
        assertThat(exchange(url, "/alice/", "localhost")).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nalice's front page");
        stopsPromptlyAndQuietly(relay);
    }

    /** Sends SIGTERM to an idle server and expects status 0 within the bound, and clean output. */
    private static void stopsPromptlyAndQuietly(Run run) throws Exception {
        // The client has its answer; give the server a moment to finish its side of the exchange.
        Thread.sleep(300);
        long start = System.nanoTime();
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start().waitFor()).isZero();
        boolean exited = run.process().waitFor(30, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(exited).as("exited after SIGTERM; stderr: %s", run.err()).isTrue();
        int status = run.awaitExit();
        List<String> output = new ArrayList<>(run.out());
        output.addAll(run.err());
        String seen = "stopped in " + took.toMillis() + " ms with status " + status + ", printing " + output;
        assertThat(took).as("%s", seen).isLessThan(BOUND);
        assertThat(output.stream().filter(line -> NOISE.matcher(line).find())).as("%s", seen).isEmpty();
        assertThat(status).as("%s", seen).isZero();
    }

    private Run start(Path cwd, String... args) throws IOException {
        Run run = Run.startAt(cwd, args);
        runs.add(run);
        return run;
    }

    /** Starts {@code home}'s personal server, on {@code ~/.twistlet-web.sock}. */
    private void personal(Path home) throws Exception {
        start(home, "web", "--personal", "--path", "public").awaitLine(SERVING_SOCKET);
    }

    private Path home(String user) throws Exception {
        return PersonalServersIT.home(dir, user);
    }

    private static URI frontOf(List<URI> urls, int backend) {
        return urls.stream().filter(url -> url.getPort() != backend).findFirst().orElseThrow();
    }

    /**
     * Waits for {@code count} "serving" lines, leaving every line in {@code run.out()} so that
     * the whole output can be checked once the server has stopped.
     */
    private static List<URI> servingUrls(Run run, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            List<URI> urls = new ArrayList<>();
            for (String line : run.out()) {
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    urls.add(URI.create(m.group(1)));
                }
            }
            if (urls.size() >= count) {
                return urls;
            }
            assertThat(run.process().isAlive()).as("launcher still running; stderr: %s", run.err()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the launcher never printed " + count + " serving lines; stderr: " + run.err());
    }

    /** One request over a connection of its own, closed after the answer, which it returns whole. */
    private static String exchange(URI server, String target, String host) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
