package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .rpy} that does not compile, served by {@code twistlet web --path} as a process
 * and requested again and again: its stderr carries the compiler's message once per version
 * of the file, at most a line per request, and no stack trace.
 */
class BrokenScriptLogIT {
    private static final int REQUESTS = 20;
    private static final String UNKNOWN_NAME = "nosuch cannot be resolved to a variable";
    private static final String TYPE_MISMATCH = "Type mismatch: cannot convert from String to int";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aBrokenScriptIsLoggedOncePerVersionWithoutAStackTrace() throws Exception {
        Path script = Files.writeString(dir.resolve("broken.rpy"), "resource = nosuch;\n");
        AtomicReference<LauncherProcessIT.Run> served = new AtomicReference<>();
        Examples.serving(LauncherProcessIT.jar("web", "--path", dir.toString(), "--pidfile=",
                "--listen", "tcp:port=0:interface=127.0.0.1"), (url, run) -> {
                    served.set(run);
                    for (int i = 0; i < REQUESTS; i++) {
                        expect500(url.resolve("/broken.rpy"));
                    }
                    Files.writeString(script, "int n = \"one\";\nresource = null;\n");
                    for (int i = 0; i < REQUESTS; i++) {
                        expect500(url.resolve("/broken.rpy"));
                    }
                });
        // Read once the server has exited, so every line it wrote is in.
        LauncherProcessIT.Run run = served.get();
        List<String> logged = new ArrayList<>(run.err());
        logged.addAll(run.out());

        assertThat(logged).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")
                || l.startsWith("Caused by"));
        List<String> first = containing(logged, UNKNOWN_NAME);
        assertThat(first).as("the first version's error, once; log: %s", logged).hasSize(1);
        assertThat(first.get(0)).as("with its file and line").endsWith(script + ":1: error: " + UNKNOWN_NAME);
        List<String> second = containing(logged, TYPE_MISMATCH);
        assertThat(second).as("the second version's error, once; log: %s", logged).hasSize(1);
        assertThat(second.get(0)).as("with its file and line").endsWith(script + ":1: error: " + TYPE_MISMATCH);
        assertThat(logged.indexOf(second.get(0))).as("logged after the edit").isGreaterThan(logged.indexOf(first.get(0)));
        assertThat(logged).as("lines logged for %d requests", 2 * REQUESTS).hasSizeLessThanOrEqualTo(2 * REQUESTS + 4);
    }

    private void expect500(URI uri) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("Processing Failed").doesNotContain("broken.rpy");
    }

    private static List<String> containing(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }
}
