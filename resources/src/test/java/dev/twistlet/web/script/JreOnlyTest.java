package dev.twistlet.web.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "--limit-modules", "java.se",
                "-cp", System.getProperty("java.class.path"), JreOnlyServer.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the server's first line").startsWith("port ");
            URI uri = URI.create("http://127.0.0.1:" + line.substring(5) + "/hello.rpy");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("<html>Hello, world!</html>");
            Files.writeString(dir.resolve("hello.rpy"), ResourceScriptTest.MY_RESOURCE.replace("Hello", "Edited"));
            assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("<html>Edited, world!</html>");
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        assertThat(server.exitValue()).isZero();
    }
}
