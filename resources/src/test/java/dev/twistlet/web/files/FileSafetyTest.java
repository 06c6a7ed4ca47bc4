package dev.twistlet.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No byte from outside the root: a corpus of traversal tricks, and symbolic links. */
class FileSafetyTest {
    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";
    @TempDir
    static Path dir;
    static JettyFixture strict;
    static JettyFixture lenient;

    @BeforeAll
    static void start() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("public.txt"), "public");
        Files.createDirectories(site.resolve("sub"));
        Files.createSymbolicLink(site.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(site.resolve("dirlink"), outside);
        Files.createSymbolicLink(site.resolve("link-in"), site.resolve("public.txt"));
        strict = JettyFixture.serve(new Site(new FileResource(site)));
        FileResource following = new FileResource(site);
        following.setFollowSymlinks(true);
        lenient = JettyFixture.serve(new Site(following));
    }

    @AfterAll
    static void stop() throws Exception {
        strict.close();
        lenient.close();
    }

    static List<String> attacks() {
        return List.of(
                "/../outside/secret.txt", "/..%2foutside%2fsecret.txt", "/..%2Foutside%2Fsecret.txt",
                "/%2e%2e/outside/secret.txt", "/%2E%2E/outside/secret.txt", "/%2e%2e%2foutside%2fsecret.txt",
                "/%252e%252e/outside/secret.txt", "/%252e%252e%252foutside%252fsecret.txt", "/..%252foutside%252fsecret.txt",
                "/..%5coutside%5csecret.txt", "/%5c..%5coutside%5csecret.txt", "/..\\outside\\secret.txt",
                "/%2e%2e%5coutside%5csecret.txt", "/.%2e/outside/secret.txt", "/%2e./outside/secret.txt",
                "/%c0%ae%c0%ae/outside/secret.txt", "/%c0%ae%c0%ae%c0%afoutside%c0%afsecret.txt",
                "/%e0%80%ae%e0%80%ae/outside/secret.txt", "/..%c0%afoutside%c0%afsecret.txt",
                "/%c1%9c..%c1%9coutside", "/sub/../../outside/secret.txt", "/sub/%2e%2e/%2e%2e/outside/secret.txt",
                "/sub/..%2f..%2foutside%2fsecret.txt", "/./../outside/secret.txt", "//../outside/secret.txt",
                "/%2F..%2Foutside/secret.txt", "/..;/outside/secret.txt", "/..;x=1/outside/secret.txt",
                "/....//outside/secret.txt", "/.../outside/secret.txt", "/%%32%65%%32%65/outside/secret.txt",
                "/%u002e%u002e/outside/secret.txt", "/..%u2215outside%u2215secret.txt", "/..%00/outside/secret.txt",
                "/public.txt%00.html", "/%00", "/public.txt/../../outside/secret.txt",
                "/public.txt/..%2f..%2foutside%2fsecret.txt", "/../../../../etc/passwd", "/..%2f..%2f..%2f..%2fetc%2fpasswd",
                "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%5c..%5c..%5c..%5cetc%5cpasswd", "/%2fetc%2fpasswd",
                "//etc/passwd", "/\\etc\\passwd", "/link-out", "/dirlink/secret.txt", "/dirlink/", "/dirlink",
                "/sub/..%2f..%2fdirlink%2fsecret.txt");
    }

    private static String fetch(JettyFixture jetty, String target) throws Exception {
        try (Socket socket = jetty.rawRequest("GET " + target + " HTTP/1.1\r\nConnection: close")) {
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void nothingOutsideTheRootIsServed(String target) throws Exception {
        String response = fetch(strict, target);
        assertThat(response).as(target).doesNotContain(SECRET).doesNotContain("root:x:0:0");
        assertThat(response.substring(0, 12)).as(target).isIn("HTTP/1.1 400", "HTTP/1.1 404");
    }

    @Test
    void linksInsideTheRootAreFollowed() throws Exception {
        assertThat(fetch(strict, "/link-in")).startsWith("HTTP/1.1 200").endsWith("public");
    }

    @Test
    void followSymlinksAllowsLinksOutOnlyWhenAskedFor() throws Exception {
        assertThat(fetch(lenient, "/link-out")).startsWith("HTTP/1.1 200").endsWith(SECRET);
        assertThat(fetch(lenient, "/../outside/secret.txt")).doesNotContain(SECRET);
    }
}
