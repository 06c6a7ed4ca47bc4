package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.launcher.LauncherProcessIT.Run;
import dev.twistlet.testing.Nginx;
import dev.twistlet.testing.PostgresCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two launchers share their sessions through a real PostgreSQL ({@code --session-store}),
 * behind a real load balancer (Debian's nginx, round robin, no stickiness), as a site that
 * has outgrown one process runs: the seed's counter, changed in place, counts on whichever
 * launcher serves it; a launcher killed with SIGKILL loses nobody's session; expiry is the
 * same everywhere; a database that goes away costs the session pages a 503, not the others,
 * and comes back by itself. All processes are started here, on loopback, and stopped.
 */
class SharedSessionsIT {
    private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();

    @TempDir
    static Path dir;
    static PostgresCluster db;
    static Node a;
    static Node b;
    static Nginx nginx;
    static int balancer;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One launcher: its name, its fixed port (so it can come back on it), its process. */
    static final class Node {
        final String name;
        final int port;
        volatile Run run;

        Node(String name, int port) {
            this.name = name;
            this.port = port;
        }

        void start() throws Exception {
            Path home = Files.createDirectories(dir.resolve(name));
            ProcessBuilder builder = new ProcessBuilder(LauncherProcessIT.jar("web",
                    "--class", "dev.twistlet.launcher.it.SharedCounter", "--classpath", TEST_CLASSES.toString(),
                    "--listen", "tcp:port=" + port + ":interface=127.0.0.1",
                    "--session-store", db.jdbcUrl(), "--node-name", name, "--add-header", "X-Node: " + name))
                    .directory(home.toFile());
            builder.environment().put("HOME", home.toString());
            builder.environment().put("TWISTLET_NODE", name);
            builder.environment().put("TWISTLET_EXPIRED", dir.resolve("expired.txt").toString());
            run = Run.start(builder);
        }

        void awaitServing() throws InterruptedException {
            run.awaitUrl();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** @return everything the launcher printed so far */
        String output() {
            // A copy taken under the list's lock: its pump may add a line while we read it.
            return String.join("\n", run.out()) + "\n" + String.join("\n", List.copyOf(run.err()));
        }

        /**
         * Waits up to 10 s for {@code text} in the output: a line the launcher writes before it
         * answers may reach our pump just after the answer reaches us.
         */
        void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!output().contains(text) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        void stop() throws InterruptedException {
            if (run != null && run.process().isAlive()) {
                run.process().destroy();
                if (!run.process().waitFor(30, TimeUnit.SECONDS)) {
                    run.process().destroyForcibly().waitFor();
                }
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        db = PostgresCluster.start();
        a = new Node("A", freePort());
        b = new Node("B", freePort());
        // Both at once, on an empty database: each makes the session table unless the other has.
        a.start();
        b.start();
        a.awaitServing();
        b.awaitServing();
        nginx = startNginx(a.port, b.port);
        balancer = nginx.port();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nginx != null) {
                nginx.close();
            }
        } finally {
            try {
                if (a != null) {
                    a.stop();
                }
                if (b != null) {
                    b.stop();
                }
            } finally {
                if (db != null) {
                    db.close();
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    static Nginx startNginx(int first, int second) throws Exception {
        // Round robin, no stickiness; a launcher that refuses connections is left out for a second.
        return Nginx.start(dir.resolve("nginx"), """
                upstream launchers {
                    server 127.0.0.1:FIRST max_fails=1 fail_timeout=1s;
                    server 127.0.0.1:SECOND max_fails=1 fail_timeout=1s;
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:%2$d;
                    location / {
                        proxy_pass http://launchers;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_next_upstream error timeout;
                    }
                }
                """.replace("FIRST", Integer.toString(first)).replace("SECOND", Integer.toString(second)));
    }

    /** A browser: one cookie, kept as the servers set it. */
    final class Browser {
        String cookie;

        HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue("Set-Cookie").ifPresent(set -> cookie = set.split(";", 2)[0]);
            return response;
        }

        String count(Node node) throws IOException, InterruptedException {
            HttpResponse<String> response = get(node.uri("/count"));
            assertThat(response.statusCode()).as("%s: %s", node.name, response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Node")).hasValue(node.name);
            return response.body();
        }
    }

    @Test
    void theSeedsCounterChangedInPlaceCountsOnWhicheverLauncherServesIt() throws Exception {
        Browser browser = new Browser();
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            counts.add(browser.count(a));
            counts.add(browser.count(b));
        }
        assertThat(counts).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(db.query("select count(*) from jettysessions")).isNotEmpty();
    }

    @Test
    void aThousandRequestsFromTwentyClientsThroughARoundRobinBalancerEachCountExactly() throws Exception {
        int clients = 20;
        int each = 50;
        Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    Browser browser = new Browser();
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        HttpResponse<String> response = browser.get(URI.create("http://127.0.0.1:" + balancer + "/count"));
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                        servedBy.computeIfAbsent(response.headers().firstValue("X-Node").orElse("?"),
                                n -> new AtomicInteger()).incrementAndGet();
                        seen.add(response.body());
                    }
                    return seen;
                }));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= each; i++) {
                expected.add(Integer.toString(i));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get(5, TimeUnit.MINUTES)).as("one client's counts").isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(servedBy.keySet()).containsExactlyInAnyOrder("A", "B");
        assertThat(servedBy.get("A").get() + servedBy.get("B").get()).isEqualTo(clients * each);
        assertThat(servedBy.get("A").get()).as("round robin: both serve").isGreaterThan(clients * each / 4);
    }

    @Test
    void aLauncherKilledWithSigkillLosesNoSessionAndRejoins() throws Exception {
        Browser browser = new Browser();
        URI front = URI.create("http://127.0.0.1:" + balancer + "/count");
        int expected = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = browser.get(front);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(Integer.toString(++expected));
        }
        a.run.process().destroyForcibly(); // SIGKILL: nothing of A's is saved on the way out
        assertThat(a.run.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = browser.get(front);
            assertThat(response.statusCode()).as("B serves: %s", response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Node")).hasValue("B");
            assertThat(response.body()).isEqualTo(Integer.toString(++expected));
        }
        a.start();
        a.awaitServing();
        boolean aServedAgain = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!aServedAgain && System.nanoTime() < deadline) {
            HttpResponse<String> response = browser.get(front);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(Integer.toString(++expected));
            aServedAgain = response.headers().firstValue("X-Node").orElse("").equals("A");
        }
        assertThat(aServedAgain).as("A rejoined and continued the count").isTrue();
    }

    @Test
    void expireOnOneLauncherEndsTheSessionForAllAndItsCallbackRunsOnce() throws Exception {
        Browser browser = new Browser();
        String uid = watch(browser, a, "");
        assertThat(browser.count(a)).isEqualTo("1");
        assertThat(browser.count(b)).isEqualTo("2");
        String before = browser.cookie;
        assertThat(browser.get(a.uri("/expire")).body()).isEqualTo("expired");
        browser.cookie = before;
        assertThat(browser.count(b)).as("B no longer knows it: a new session").isEqualTo("1");
        assertThat(browser.cookie).isNotEqualTo(before);
        assertThat(expiries(uid)).containsExactly("A");
    }

    @Test
    void aTimedOutSessionEndsOnEveryLauncherAndItsCallbackRunsOnce() throws Exception {
        Browser browser = new Browser();
        String uid = watch(browser, a, "?timeout=2");
        assertThat(browser.count(b)).isEqualTo("1");
        assertThat(browser.count(a)).isEqualTo("2");
        String before = browser.cookie;
        Thread.sleep(3500);
        assertThat(browser.count(a)).as("A: the session timed out, a new one").isEqualTo("1");
        browser.cookie = before;
        assertThat(browser.count(b)).as("B: the same").isEqualTo("1");
        assertThat(expiries(uid)).containsExactly("A");
    }

    /** Registers an expiry callback on {@code node}; @return the session's id */
    private String watch(Browser browser, Node node, String query) throws Exception {
        HttpResponse<String> response = browser.get(node.uri("/watch" + query));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().substring("watching ".length());
    }

    /** @return the nodes whose callback ran for session {@code uid}, after time for a second run */
    private static List<String> expiries(String uid) throws Exception {
        Path expired = dir.resolve("expired.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lines(expired, uid).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        return lines(expired, uid);
    }

    private static List<String> lines(Path file, String uid) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> l.endsWith(" " + uid)).map(l -> l.split(" ")[0]).toList();
    }

    @Test
    void whileTheDatabaseIsDownSessionPagesAnswer503AndTheRestAsUsualUntilItReturns() throws Exception {
        Browser browser = new Browser();
        assertThat(browser.count(a)).isEqualTo("1");
        db.stop();
        try {
            HttpResponse<String> plain = browser.get(a.uri("/plain"));
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.body()).isEqualTo("plain");
            for (Node node : List.of(a, b, a, b, a)) {
                HttpResponse<String> session = browser.get(node.uri("/count"));
                assertThat(session.statusCode()).as(node.name).isEqualTo(503);
                assertThat(session.headers().firstValue("Retry-After")).isPresent();
                assertThat(session.body()).contains("Service Unavailable");
            }
            assertThat(browser.get(b.uri("/plain")).statusCode()).isEqualTo(200);
        } finally {
            db.restart();
        }
        // Each launcher tries the database again at most once a second, so each comes back on its own.
        assertThat(countOnceBack(browser, a)).as("the same session, back by itself").isEqualTo("2");
        assertThat(countOnceBack(browser, b)).as("and on the other launcher").isEqualTo("3");
        for (Node node : List.of(a, b)) {
            node.awaitOutput("answers again");
            assertThat(occurrences(node.output(), "cannot be reached")).as("%s says so once", node.name).isEqualTo(1);
            assertThat(node.output()).contains("answers again");
        }
    }

    @Test
    void aComponentNoOtherLauncherCouldReadIsRefusedWhereItIsSetNamingItsClass() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> response = browser.get(a.uri("/bad"));
        assertThat(response.statusCode()).isEqualTo(500);
        a.awaitOutput("SharedCounter$Handle");
        assertThat(a.output()).contains("Session component dev.twistlet.launcher.it.SharedCounter$Handle cannot be "
                + "kept in the shared session store").contains("is not java.io.Serializable");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        assertThat(a.output()).doesNotContain(PostgresCluster.PASSWORD).contains("password=***");
        assertThat(b.output()).doesNotContain(PostgresCluster.PASSWORD);
    }

    /** @return the count {@code node} answers once its pages that use sessions answer 200 again, up to 20 s */
    private static String countOnceBack(Browser browser, Node node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = browser.get(node.uri("/count"));
            if (response.statusCode() == 200) {
                return response.body();
            }
            Thread.sleep(250);
        }
        return null;
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
