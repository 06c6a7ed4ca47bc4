package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.launcher.LauncherProcessIT.Run;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's "Spreadable Web Servers", as processes: a central {@code twistlet web --user}
 * and two personal servers ({@code twistlet web --personal}), each in a fake home under a
 * temporary folder, relayed over Unix sockets.
 */
class PersonalServersIT {
    private static final Pattern SERVING_SOCKET = Pattern.compile("serving (unix:\\S+)");

    @TempDir
    Path homes;
    private final List<Run> runs = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopAll() {
        runs.forEach(run -> run.process().destroyForcibly());
    }

    private Run start(Path home, String... args) throws Exception {
        Run run = Run.startAt(home, args);
        runs.add(run);
        return run;
    }

    private Run personal(Path home) throws Exception {
        Run run = start(home, "web", "--personal", "--path", "public");
        assertThat(run.awaitLine(SERVING_SOCKET).group(1)).isEqualTo("unix:" + home.resolve(".twistlet-web.sock"));
        return run;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A user's home in {@code homes}, with a {@code public} folder of two pages. */
    static Path home(Path homes, String user) throws Exception {
        Path home = homes.resolve(user);
        Files.createDirectories(home.resolve("public/sub"));
        Files.writeString(home.resolve("public/index.html"), user + "'s front page");
        Files.writeString(home.resolve("public/sub/page.html"), user + "'s page");
        return home;
    }

    @Test
    void theCentralServerRelaysEachUserToTheirOwnProcess() throws Exception {
        Path alice = home(homes, "alice");
        Path bob = home(homes, "bob");
        Files.createDirectories(homes.resolve("carol"));
        Files.writeString(alice.resolve("public/echo.rpy"), """
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;
                resource = new Resource() {
                    @Override
                    public Object renderPost(Request request) {
                        try {
                            return "alice got " + new String(request.getContent().readAllBytes()) + " as " + request.getUri();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                };
                """);
        Run aliceServer = personal(alice);
        personal(bob);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(alice.resolve(".twistlet-web.sock"))))
                .as("the socket is the owner's only").isEqualTo("rw-------");
        URI central = start(homes, "web", "--user", "--user-base", homes.toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1").awaitUrl();

        assertThat(get(central.resolve("/alice.twistd/")).body()).isEqualTo("alice's front page");
        assertThat(get(central.resolve("/bob.twistd/sub/page.html")).body()).isEqualTo("bob's page");
        HttpResponse<String> redirect = get(central.resolve("/alice.twistd/sub"));
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).as("alice's redirect names the central URL")
                .hasValue("/alice.twistd/sub/");
        HttpResponse<String> posted = client.send(HttpRequest.newBuilder(central.resolve("/alice.twistd/echo.rpy?x=1"))
                .POST(HttpRequest.BodyPublishers.ofString("a posted body")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.body()).isEqualTo("alice got a posted body as /alice.twistd/echo.rpy?x=1");
        assertThat(get(central).body()).contains("alice.twistd/").contains("bob.twistd/").doesNotContain("carol");

        long start = System.nanoTime();
        HttpResponse<String> down = get(central.resolve("/carol.twistd/"));
        assertThat(down.statusCode()).as("carol runs no personal server").isEqualTo(502);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);

        // wantPID: a second server on alice's socket is refused while the first lives...
        Run second = start(alice, "web", "--personal", "--path", "public", "--pidfile", "second.pid");
        assertThat(second.awaitExit()).isEqualTo(2);
        assertThat(second.err()).containsExactly("twistlet web: cannot listen on unix:~/.twistlet-web.sock:wantPID=1: "
                + "a running server (pid " + aliceServer.process().pid() + ") holds " + alice.resolve(".twistlet-web.sock"));
        // ... and after a crash, which leaves the socket behind, the next start replaces it.
        aliceServer.process().destroyForcibly().waitFor();
        assertThat(alice.resolve(".twistlet-web.sock")).exists();
        assertThat(get(central.resolve("/alice.twistd/")).statusCode()).isEqualTo(502);
        personal(alice);
        assertThat(get(central.resolve("/alice.twistd/")).body()).isEqualTo("alice's front page");
    }

    @Test
    void aStoppedPersonalServerRemovesItsSocketAndLock() throws Exception {
        Path alice = home(homes, "alice");
        Run server = personal(alice);
        assertThat(alice.resolve(".twistlet-web.sock.lock")).hasContent(Long.toString(server.process().pid()));
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(server.process().pid())).start().waitFor()).isZero();
        assertThat(server.awaitExit()).isZero();
        assertThat(alice.resolve(".twistlet-web.sock")).doesNotExist();
        assertThat(alice.resolve(".twistlet-web.sock.lock")).doesNotExist();
        try (var left = Files.list(alice)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("socket, lock and pid file gone").containsExactly("public");
        }
    }

    @Test
    void aSocketLeftWithoutALockIsRefusedWithAClearLine() throws Exception {
        Path alice = home(homes, "alice");
        Files.createFile(alice.resolve("web.sock"));
        Run run = start(alice, "web", "--path", "public", "--listen", "unix:web.sock");
        assertThat(run.awaitExit()).isEqualTo(2);
        assertThat(run.err()).containsExactly("twistlet web: cannot listen on unix:web.sock: " + alice.resolve("web.sock")
                + " already exists (a server is running there, or one stopped without removing it: remove it, "
                + "or add :wantPID=1)");
    }
}
