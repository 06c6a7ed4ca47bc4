package dev.twistlet.web.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.servlet.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * On Java 21 and later a virtual-thread executor runs a ServletResource's servlet. The
 * build runs on Java 17, so this starts the second JDK every machine of this project has
 * under {@code /usr/lib/jvm} (Temurin 25), and fails, saying so, when there is none.
 */
class VirtualThreadsTest {

    @Test
    void aVirtualThreadExecutorRunsTheServlet() throws Exception {
        Path java = newerJava().orElseThrow(() -> new AssertionError(
                "no JDK 21 or later under /usr/lib/jvm: this test needs one to run virtual threads"));
        try (ChildJvm server = ChildJvm.start(java.toString(), List.of(), VirtualThreadsServer.class)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/where/x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("virtual=true pathInfo=/x");
        }
    }

    private static Optional<Path> newerJava() throws IOException {
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> feature(jdk) >= 21).map(jdk -> jdk.resolve("bin/java"))
                    .filter(Files::isExecutable).findFirst();
        }
    }

    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
