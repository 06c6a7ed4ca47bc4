package dev.twistlet.web.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.CountingResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CGI request body over raw sockets, in the shapes issue #20 found: bytes that arrive late
 * are the rest of the body, never a request of their own, and nothing that fed a body
 * outlives its exchange, whether the script reads its body, ignores it, or answers and
 * lingers without reading it.
 */
class CGIBodyTest {
    @TempDir
    static Path dir;
    static JettyFixture jetty;
    static final CountingResource COUNT = new CountingResource();
    /** Answers plainly: the request that ends each connection. */
    static final class Probe extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderGet(Request request) {
            return "probe";
        }
    }

    static Path script(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @BeforeAll
    static void start() throws Exception {
        Resource root = new Resource();
        root.putChild("count", COUNT);
        root.putChild("probe", new Probe());
        // reads its whole body, then tells its length
        root.putChild("length", new CGIScript(script("length.cgi",
                "#!/bin/sh\nn=$(wc -c)\nprintf 'Content-Type: text/plain\\n\\nread %s' \"$n\"\n")));
        // answers at once and never reads its stdin
        root.putChild("answer", new CGIScript(script("answer.cgi",
                "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nanswered'\n")));
        // answers, closes its output and lingers, never reading its stdin
        root.putChild("linger", new CGIScript(script("linger.cgi", """
                #!/bin/sh
                echo $$ > "$PID_FILE"
                printf 'Content-Type: text/plain\\n\\nanswered'
                exec >&-
                sleep 60
                """), CGIConfig.DEFAULTS.withEnvironment(Map.of("PID_FILE", dir.resolve("linger.pid").toString()))));
        jetty = JettyFixture.serve(new Site(root));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @BeforeEach
    void resetCount() {
        COUNT.hits().set(0);
    }

    /**
     * Writes the pieces and reads the whole answer. Between two pieces it waits until an
     * answer starts to come, for at most 60 ms: a server that answered before the body was
     * whole would have its answer out by then (a script starts in a few milliseconds).
     */
    static String exchange(String... pieces) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", jetty.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    for (int wait = 0; wait < 12 && socket.getInputStream().available() == 0; wait++) {
                        Thread.sleep(5);
                    }
                }
                out.write(pieces[i].getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Issue #20, fault 2: a {@code POST} on a kept-alive connection declares 63 bytes and
     * sends 10; the other 53, sent a moment later, are a whole {@code GET}. They are the rest
     * of the body: the script gets all 63, and the {@code GET} is never served, in 200 tries,
     * whether the script reads its body or not. A request to {@code /probe} then ends the
     * connection.
     */
    @Test
    void bytesThatCompleteABodyAreNeverARequest() throws Exception {
        String get = "GET /count HTTP/1.1\r\nHost: x\r\nX-Pad: 012345678901\r\n\r\n";
        assertThat(get).hasSize(53);
        for (int i = 0; i < 200; i++) {
            String script = i % 2 == 0 ? "/length" : "/answer";
            String answer = exchange("POST " + script + " HTTP/1.1\r\nHost: x\r\nContent-Length: 63\r\n\r\n0123456789",
                    get + "GET /probe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(count(answer, "HTTP/1.1 ")).as("the script's answer and the probe's, try %d", i).isEqualTo(2);
            assertThat(answer).startsWith("HTTP/1.1 200").contains(script.equals("/length") ? "read 63" : "answered")
                    .endsWith("probe");
        }
        assertThat(COUNT.hits()).as("GETs served from bodies").hasValue(0);
    }

    /**
     * Issue #20, fault 3: 200 exchanges of a body declared 1000 bytes, 10 sent, then the rest
     * with a pipelined {@code GET} behind it: each gets its script's answer, then the
     * {@code GET}'s, in order; once idle, no thread that fed a body is left, nor any other
     * extra thread beyond a handful.
     */
    @Test
    void nothingThatFedABodyOutlivesItsExchange() throws Exception {
        int before = Thread.activeCount();
        for (int i = 0; i < 200; i++) {
            String script = i % 2 == 0 ? "/length" : "/answer";
            String answer = exchange("POST " + script + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789",
                    "x".repeat(990) + "GET /count HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(count(answer, "HTTP/1.1 200")).as("try %d: %s", i, answer).isEqualTo(2);
            assertThat(answer.indexOf(script.equals("/length") ? "read 1000" : "answered"))
                    .isLessThan(answer.indexOf("counted"));
        }
        assertThat(COUNT.hits()).hasValue(200);
        assertNoFeederLeft(before);
    }

    /** A script that answers, closes its output and lingers with a large body unread is ended. */
    @Test
    void aScriptThatAnswersAndLingersWithoutReadingIsEnded() throws Exception {
        int before = Thread.activeCount();
        String body = "y".repeat(300_000);
        String answer = exchange("POST /linger HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                + body.length() + "\r\n\r\n", body);
        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("answered");
        long pid = Long.parseLong(Files.readString(dir.resolve("linger.pid")).strip());
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the lingering script").isFalse();
        assertNoFeederLeft(before);
    }

    private static void assertNoFeederLeft(int before) throws InterruptedException {
        for (int i = 0; i < 100 && (feeders() > 0 || Thread.activeCount() > before + 5); i++) {
            Thread.sleep(50);
        }
        assertThat(feeders()).as("threads feeding a script's stdin").isZero();
        assertThat(Thread.activeCount()).as("threads, against %d before", before).isLessThanOrEqualTo(before + 5);
    }

    private static long feeders() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().matches("cgi-.*-in")).count();
    }
}
