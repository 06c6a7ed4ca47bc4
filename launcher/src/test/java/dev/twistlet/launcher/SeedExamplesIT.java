package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's examples that {@link ConfigurationScriptIT} does not run, each started the way
 * its header comment says, checked against what the seed says happens.
 */
class SeedExamplesIT {
    @TempDir
    Path dir;
    Path examples;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void copyExamples() throws Exception {
        examples = Examples.copy(dir);
    }

    private HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mainConceptsTwistletWebAloneServesTheDemo() throws Exception {
        Examples.serving(LauncherProcessIT.jar("web", "--listen", "tcp:port=0:interface=127.0.0.1"), (url, run) -> {
            assertThat(get(url).body()).contains("Twistlet is running");
            assertThat(get(url.resolve("/hello/fred/")).body()).contains("Hello, world! I am located at");
        });
    }

    @Test
    void siteObjectsTheHandMadeSiteAnswersEveryPath() throws Exception {
        Examples.serving(LauncherProcessIT.jar("-ny", examples.resolve("02-site-objects.java").toString()), (url, run) -> {
            for (String path : new String[] {"/", "/any/path", "/x?y=1"}) {
                assertThat(get(url.resolve(path)).body()).as(path).isEqualTo("<html>Hello, world!</html>");
            }
        });
    }

    @Test
    void resourceTreesEveryListedUrlIsValid() throws Exception {
        Examples.serving(LauncherProcessIT.jar("-ny", examples.resolve("04-resource-trees.java").toString()), (url, run) -> {
            assertThat(get(url).body()).isEqualTo("Hello, world! I am located at [].");
            assertThat(get(url.resolve("/fred")).body()).isEqualTo("Hello, world! I am located at [fred].");
            assertThat(get(url.resolve("/bob")).body()).isEqualTo("Hello, world! I am located at [bob].");
            assertThat(get(url.resolve("/fred/")).body()).isEqualTo("Hello, world! I am located at [fred, ].");
            assertThat(get(url.resolve("/bob/")).body()).isEqualTo("Hello, world! I am located at [bob, ].");
            assertThat(get(url.resolve("/alice")).statusCode()).isEqualTo(404);
        });
    }

    @Test
    void servingTheHomeFolderAsTheShellWritesIt() throws Exception {
        Path home = examples.resolve("homes/alice");
        String jar = LauncherProcessIT.jar().get(2);
        ProcessBuilder shell = new ProcessBuilder("sh", "-c",
                "exec java -jar '" + jar + "' web --path ~/public_html/ --listen tcp:port=0:interface=127.0.0.1")
                .directory(home.toFile());
        shell.environment().put("HOME", home.toString());
        LauncherProcessIT.Run run = LauncherProcessIT.Run.start(shell);
        try {
            assertThat(get(run.awaitUrl()).body()).contains("alice's home page");
        } finally {
            run.process().destroy();
            run.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void requestEncodersTheGzipBodyDecodes() throws Exception {
        Examples.serving(LauncherProcessIT.jar("-ny", examples.resolve("08-request-encoders.java").toString()), (url, run) -> {
            HttpResponse<byte[]> gzipped = client.send(HttpRequest.newBuilder(url).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("<html>Hello, world!</html>");
            assertThat(get(url).body()).as("without Accept-Encoding").isEqualTo("<html>Hello, world!</html>");
        });
    }

    @Test
    void resourceScriptsTheSimplestScriptAndAClientThatLeaves() throws Exception {
        Examples.serving(LauncherProcessIT.jar("web", "--path", examples.resolve("htdocs").toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1"), (url, run) -> {
            assertThat(get(url.resolve("/great.rpy")).body()).isEqualTo("<html>foo</html>");
            // Knowing When We're Not Wanted: leave before the ten seconds are up.
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.getOutputStream().write("GET /not-wanted.rpy HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.setSoTimeout(10_000);
                Served.readUntil(socket.getInputStream(), "hello world");
            }
            String error = run.out().poll(5, TimeUnit.SECONDS);
            while (error != null && !error.startsWith("error")) {
                error = run.out().poll(5, TimeUnit.SECONDS);
            }
            assertThat(error).as("the server printed the notifyFinish error").startsWith("error: ");
        });
    }

    @Test
    void usingVHostMonsterTheBackEndBuildsThePublicUrls() throws Exception {
        Path script = examples.resolve("33-using-vhostmonster.java");
        int backend = TwistedDifferentialIT.freePort();
        Examples.withPort(script, "8538", backend);
        Examples.serving(LauncherProcessIT.jar("-ny", script.toString()), (url, run) -> {
            URI front = run.awaitUrlOtherThan(url, backend);
            assertThat(withHost(front, "/where.rpy", "example.com")).startsWith("HTTP/1.1 200")
                    .endsWith("\r\n\r\nhttp://example.com/where.rpy");
            assertThat(withHost(front, "/welcome.html", "example.com")).contains("Static files are served");
            assertThat(withHost(front, "/welcome.html", "other.org")).startsWith("HTTP/1.1 404");
        });
    }

    /** A request with the Host header given ({@code java.net.http} will not send one). */
    private static String withHost(URI server, String path, String host) throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void rewritingUrlsTildeUsersAreTheUsersFolder() throws Exception {
        Examples.serving(LauncherProcessIT.jar("-ny", examples.resolve("34-rewriting-urls.java").toString()), (url, run) -> {
            assertThat(get(url.resolve("/~alice/")).body()).contains("alice's home page");
            assertThat(get(url.resolve("/users/alice/")).body()).contains("alice's home page");
            assertThat(get(url.resolve("/~nobody/")).statusCode()).isEqualTo(404);
        });
    }
}
