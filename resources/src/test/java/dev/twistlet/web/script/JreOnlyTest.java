package dev.twistlet.web.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.servlet.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts compile where the runtime has no {@code javax.tools} compiler, as in a JRE-only
 * Tomcat image: a server in a JVM limited to the {@code java.se} modules (no
 * {@code jdk.compiler}) serves a script and its edit over HTTP.
 */
class JreOnlyTest {
    @TempDir
    Path dir;

    @Test
    void scriptsCompileWithoutTheSystemCompiler() throws Exception {
        Files.writeString(dir.resolve("hello.rpy"), ResourceScriptTest.MY_RESOURCE);
        try (ChildJvm server = ChildJvm.start(ChildJvm.currentJava(), List.of("--limit-modules", "java.se"),
                JreOnlyServer.class, dir.toString())) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/hello.rpy");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("<html>Hello, world!</html>");
            Files.writeString(dir.resolve("hello.rpy"), ResourceScriptTest.MY_RESOURCE.replace("Hello", "Edited"));
            assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("<html>Edited, world!</html>");
            assertThat(server.stop()).isZero();
        }
    }
}
