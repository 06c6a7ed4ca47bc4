package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher as a user runs it: {@code ./twistlet web ...} as a separate process, talked
 * to over HTTP, stopped with SIGTERM; and the one-line errors with exit status 2.
 */
class LauncherProcessIT {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path SCRIPT = MODULE.getParent().resolve("twistlet");
    private static final Path JAR = MODULE.resolve("target/twistlet.jar");
    private static final String TEST_CLASSES = MODULE.resolve("target/test-classes").toString();
    private static final Pattern SERVING = Pattern.compile("serving (http://\\S+)");

    /** A started process with its output lines collected as they come. */
    record Run(Process process, BlockingQueue<String> out, List<String> err, List<Thread> pumps) {
        static Run start(List<String> command) throws IOException {
            return start(new ProcessBuilder(command).directory(MODULE.toFile()));
        }

        /**
         * @param home the folder the launcher runs in, which is also its {@code HOME}
         * @param args the launcher's arguments
         * @return the started process
         */
        static Run startAt(Path home, String... args) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(jar(args)).directory(home.toFile());
            builder.environment().put("HOME", home.toString());
            return start(builder);
        }

        static Run start(ProcessBuilder builder) throws IOException {
            Process p = builder.start();
            BlockingQueue<String> out = new LinkedBlockingQueue<>();
            List<String> err = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> pumps = List.of(
                    pump(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), out::add),
                    pump(new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)), err::add));
            return new Run(p, out, err, pumps);
        }

        private static Thread pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
            Thread t = new Thread(() -> {
                try {
                    reader.lines().forEach(sink);
                } catch (java.io.UncheckedIOException closed) {
                    // the process was killed and its pipe closed under the reader
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        URI awaitUrl() throws InterruptedException {
            return URI.create(awaitLine(SERVING).group(1));
        }

        /**
         * For scripts that also start a back end: the first served URL not on that port.
         *
         * @param first the URL already read
         * @param port  the back end's port
         * @return {@code first}, or the next URL when {@code first} is the back end's
         */
        URI awaitUrlOtherThan(URI first, int port) throws InterruptedException {
            return first.getPort() == port ? awaitUrl() : first;
        }

        /** @param pattern what a line of standard output must contain @return the first match */
        Matcher awaitLine(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                String line = out.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                assertThat(process.isAlive()).as("launcher still running; stderr: %s", err).isTrue();
            }
            throw new AssertionError("the launcher never printed " + pattern + "; stderr: " + err);
        }

        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited; stderr: %s", err).isTrue();
            for (Thread pump : pumps) {
                pump.join(5000);
            }
            return process.exitValue();
        }
    }

    static List<String> jar(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theScriptServesAClassFromTheClasspathAndStopsOnSigterm() throws Exception {
        assertThat(Files.isExecutable(SCRIPT)).isTrue();
        Run run = Run.start(List.of(SCRIPT.toString(), "web", "--class", "dev.twistlet.launcher.it.HelloResource",
                "--classpath", TEST_CLASSES, "--listen", "tcp:port=0:interface=127.0.0.1"));
        try {
            URI url = run.awaitUrl();
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> response = get(url);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("<html>Hello from the user's class at []</html>");
            assertThat(get(url.resolve("/nope")).statusCode()).isEqualTo(404);

            try (java.net.Socket slow = new java.net.Socket(url.getHost(), url.getPort())) {
                slow.setSoTimeout(15_000);
                slow.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                java.io.InputStream in = slow.getInputStream();
                Served.readUntil(in, "slow start;");
                // In flight now. As a user would: kill sends SIGTERM (Process.destroy would close our pipes).
                assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start().waitFor())
                        .isZero();
                // Chunked: the last chunk proves the response ended whole, not cut off.
                assertThat(Served.readUntil(in, "0\r\n\r\n")).as("the in-flight response finishes whole")
                        .contains(" slow end");
            }
            assertThat(run.awaitExit()).isZero();
            assertThat(run.out()).contains("twistlet web: stopping");
        } finally {
            run.process().destroyForcibly();
        }
    }

    @Test
    void anUnknownOptionIsOneLineAndStatus2() throws Exception {
        Run run = Run.start(jar("web", "--no-such-option"));
        assertThat(run.awaitExit()).isEqualTo(2);
        assertThat(run.err()).hasSize(1);
        assertThat(run.err().get(0)).contains("Unknown option: '--no-such-option'").contains("twistlet web --help");
    }

    @Test
    void aBadEndpointIsOneLineAndStatus2() throws Exception {
        Run run = Run.start(jar("web", "--class", "dev.twistlet.launcher.demo.DemoRoot", "--listen", "tcp:eighty"));
        assertThat(run.awaitExit()).isEqualTo(2);
        assertThat(run.err()).containsExactly(
                "twistlet web: bad endpoint 'tcp:eighty': port 'eighty' is not a number from 0 to 65535");
    }

    @Test
    void aMissingClassIsOneLineAndStatus2() throws Exception {
        Run run = Run.start(jar("web", "--class", "no.such.Thing", "--listen", "tcp:0"));
        assertThat(run.awaitExit()).isEqualTo(2);
        assertThat(run.err()).hasSize(1);
        assertThat(run.err().get(0)).startsWith("twistlet web: --class no.such.Thing: class not found");
    }

    @Test
    void aBusyPortIsOneLineAndStatus2() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run run = Run.start(jar("web", "--class", "dev.twistlet.launcher.demo.DemoRoot",
                    "--listen", "tcp:port=" + busy.getLocalPort() + ":interface=127.0.0.1"));
            assertThat(run.awaitExit()).isEqualTo(2);
                assertThat(run.err()).hasSize(1);
            assertThat(run.err().get(0)).startsWith("twistlet web: cannot listen on tcp:port=" + busy.getLocalPort());
        }
    }

    /** The README's run command: the demo site shipped in the repository. */
    @Test
    void theReadmeCommandServesTheDemoSite() throws Exception {
        Path demo = MODULE.getParent().resolve("demo/site");
        Run run = Run.start(List.of(SCRIPT.toString(), "web", "--path", demo.toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1"));
        try {
            URI url = run.awaitUrl();
            HttpResponse<String> home = get(url);
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("Twistlet is serving this folder");
            assertThat(get(url.resolve("/docs")).statusCode()).isEqualTo(302);
            assertThat(get(url.resolve("/files/")).body()).contains("Directory listing for /files/").contains("hello.txt");
            assertThat(get(url.resolve("/counter.rpy")).body()).isEqualTo("you are visitor 1");
        } finally {
            run.process().destroy();
            run.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pathMistakesAreOneLineAndStatus2() throws Exception {
        Run missing = Run.start(jar("web", "--path", "/no/such/folder", "--listen", "tcp:0"));
        assertThat(missing.awaitExit()).isEqualTo(2);
        assertThat(missing.err()).containsExactly("twistlet web: --path /no/such/folder: no such file or directory");
        Run both = Run.start(jar("web", "--path", ".", "--class", "x.Y"));
        assertThat(both.awaitExit()).isEqualTo(2);
        assertThat(both.err()).containsExactly("twistlet web: give one of --path, --class, --resource-script, --servlet and --user");
        Run processor = Run.start(jar("web", "--path", ".", "--processor", "asis"));
        assertThat(processor.awaitExit()).isEqualTo(2);
        assertThat(processor.err()).hasSize(1);
        assertThat(processor.err().get(0)).contains("--processor asis: expected EXT=FQCN");
    }
}
