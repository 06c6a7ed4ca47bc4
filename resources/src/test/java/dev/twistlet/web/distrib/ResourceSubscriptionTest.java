package dev.twistlet.web.distrib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A central UserDirectory relaying {@code /NAME.twistd/} to personal servers on Unix
 * sockets in the users' homes, over real sockets both sides.
 */
class ResourceSubscriptionTest {
    @TempDir
    static Path homes;
    static UnixSocketSite alice;
    static JettyFixture central;

    /** What alice's personal server serves. */
    static IResource aliceTree(Path files) {
        Resource root = new Resource();
        root.putChild("", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "alice at " + request.prePathURL() + " for " + request.getClientAddress().getHostString();
            }
        });
        root.putChild("files", new FileResource(files));
        root.putChild("echo", new Resource() {
            @Override
            public Object renderPost(Request request) {
                try {
                    return request.getMethod() + " " + request.getHeader("Content-Type") + " "
                            + new String(request.getContent().readAllBytes(), StandardCharsets.UTF_8) + " " + request.getUri();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        root.putChild("broken", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("Content-Length", "100000");
                request.write(new byte[1000]);
                request.flush();
                throw new IllegalStateException("the personal server fails mid-answer (expected by the test)");
            }
        });
        return root;
    }

    @BeforeAll
    static void start() throws Exception {
        Path aliceHome = Files.createDirectories(homes.resolve("alice"));
        Files.createDirectories(homes.resolve("carol"));
        Path files = aliceHome.resolve("files");
        Files.createDirectories(files.resolve("sub"));
        Files.writeString(files.resolve("sub/page.html"), "a page");
        alice = new UnixSocketSite(new Site(new ResourcePublisher(aliceTree(files))),
                aliceHome.resolve(UserDirectory.USER_SOCKET_NAME));
        Resource root = new Resource();
        root.putChild("users", new UserDirectory(homes));
        central = JettyFixture.serve(new Site(root));
    }

    @AfterAll
    static void stop() throws Exception {
        central.close();
        alice.close();
    }

    @Test
    void thePersonalServerBuildsItsUrlsUnderTheCentralOnes() throws Exception {
        HttpResponse<String> front = central.get("/users/alice.twistd/");
        assertThat(front.statusCode()).isEqualTo(200);
        assertThat(front.body()).isEqualTo("alice at http://127.0.0.1:" + central.port() + "/users/alice.twistd/ for 127.0.0.1");
    }

    @Test
    void redirectsNameTheCentralPath() throws Exception {
        HttpResponse<String> bare = central.get("/users/alice.twistd?x=1");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValue("/users/alice.twistd/?x=1");
        HttpResponse<String> folder = central.get("/users/alice.twistd/files/sub");
        assertThat(folder.statusCode()).isEqualTo(302);
        assertThat(folder.headers().firstValue("Location")).hasValue("/users/alice.twistd/files/sub/");
        assertThat(central.get("/users/alice.twistd/files/sub/").body())
                .contains("Directory listing for /users/alice.twistd/files/sub/");
        assertThat(central.get("/users/alice.twistd/files/sub/page.html").body()).isEqualTo("a page");
    }

    @Test
    void aPostedBodyIsRelayedWithItsTypeAndQuery() throws Exception {
        HttpResponse<String> r = central.client().send(HttpRequest.newBuilder(central.uri("/users/alice.twistd/echo?q=%20x"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello, alice")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("POST text/plain hello, alice /users/alice.twistd/echo?q=%20x");
    }

    @Test
    void aUserWithoutAPersonalServerIsA502AtOnce() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = central.get("/users/carol.twistd/");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("could not be reached");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(1000);
        Files.createFile(homes.resolve("carol").resolve(UserDirectory.USER_SOCKET_NAME));
        try {
            assertThat(central.get("/users/carol.twistd/").statusCode()).as("a socket file nobody listens on").isEqualTo(502);
        } finally {
            Files.delete(homes.resolve("carol").resolve(UserDirectory.USER_SOCKET_NAME));
        }
    }

    @Test
    void unknownAndUnsafeNamesNeverReachTheFilesystem() throws Exception {
        for (String path : new String[] {"/users/nobody.twistd/", "/users/..%2Falice.twistd/", "/users/.twistd/",
                "/users/%2E%2E.twistd/"}) {
            assertThat(central.get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(central.get("/users/alice%00.twistd/").statusCode()).as("NUL: the container refuses it").isEqualTo(400);
    }

    @Test
    void thePersonalServerFailingMidAnswerAbortsTheClientsConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", central.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /users/alice.twistd/broken HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = JettyFixture.readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: 100000");
            long body = 0;
            try {
                while (in.read() >= 0) {
                    body++;
                }
            } catch (IOException reset) {
                // an abort may arrive as a reset
            }
            assertThat(body).as("bytes before the connection ended").isLessThan(100000);
        }
    }

    @Test
    void theListingNamesRunningPersonalServers() throws Exception {
        assertThat(central.get("/users/").body()).contains("<a href=\"alice.twistd/\">alice (personal server)</a>")
                .doesNotContain("carol");
    }

    @Test
    void aPrefixFromAnUntrustedPeerIsIgnored() throws Exception {
        try (JettyFixture distrusting = JettyFixture.serve(new Site(new ResourcePublisher(aliceTree(homes), a -> false)));
                Socket socket = new Socket("127.0.0.1", distrusting.port())) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-Prefix: /evil\r\n"
                    + "X-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).contains("alice at http://x/ for 127.0.0.1").doesNotContain("evil");
        }
    }
}
