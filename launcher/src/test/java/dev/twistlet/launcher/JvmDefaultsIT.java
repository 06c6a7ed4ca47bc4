package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.launcher.LauncherProcessIT.Run;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM settings the {@code twistlet} script starts the launcher with: an
 * {@code OutOfMemoryError} ends the process (exit status 3), so that a supervisor starts a
 * fresh one rather than leaving a server whose threads died mid-request; and
 * {@code TWISTLET_JAVA_OPTS}, which comes after, can turn that off, as any other default.
 */
class JvmDefaultsIT {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("twistlet");
    /** Keeps what it allocates, so that the heap runs out on its first request. */
    private static final String EXHAUST = """
            import dev.twistlet.web.Request;
            import dev.twistlet.web.Resource;
            import java.util.ArrayList;
            import java.util.List;

            class Exhaust extends Resource {
                @Override
                public Object renderGet(Request request) {
                    List<long[]> kept = new ArrayList<>();
                    while (true) {
                        kept.add(new long[1 << 20]);
                    }
                }
            }

            resource = new Exhaust();
            """;

    @TempDir
    Path site;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anOutOfMemoryErrorEndsTheServer() throws Exception {
        Run run = start("-Xmx64m");
        try {
            URI url = run.awaitUrl();
            assertThat(get(url.resolve("/hello.txt")).statusCode()).isEqualTo(200);
            try {
                get(url.resolve("/exhaust.rpy"));
            } catch (java.io.IOException connectionDropped) {
                // the process ended before it answered, as it should
            }
            assertThat(run.awaitExit()).as("exit status; stderr: %s", run.err()).isEqualTo(3);
            // HotSpot says why on standard output.
            assertThat(String.join("\n", run.out())).contains("Terminating due to java.lang.OutOfMemoryError");
        } finally {
            run.process().destroyForcibly();
        }
    }

    @Test
    void twistletJavaOptsComeAfterTheDefaults() throws Exception {
        Run run = start("-Xmx64m -XX:-ExitOnOutOfMemoryError");
        try {
            URI url = run.awaitUrl();
            assertThat(get(url.resolve("/exhaust.rpy")).statusCode()).isEqualTo(500);
            HttpResponse<String> hello = get(url.resolve("/hello.txt"));
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello\n");
            assertThat(run.process().isAlive()).isTrue();
        } finally {
            run.process().destroyForcibly();
        }
    }

    private Run start(String javaOpts) throws Exception {
        Files.writeString(site.resolve("hello.txt"), "hello\n");
        Files.writeString(site.resolve("exhaust.rpy"), EXHAUST);
        ProcessBuilder builder = new ProcessBuilder(List.of(SCRIPT.toString(), "--pidfile=", "web", "--path",
                site.toString(), "--listen", "tcp:port=0:interface=127.0.0.1"));
        builder.environment().put("TWISTLET_JAVA_OPTS", javaOpts);
        return Run.start(builder);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
