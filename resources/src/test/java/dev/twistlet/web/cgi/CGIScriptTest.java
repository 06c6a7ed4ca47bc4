package dev.twistlet.web.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CGI scripts run by real interpreters, over a real socket: environment, bodies, streaming, faults. */
public class CGIScriptTest {
    @TempDir
    static Path dir;
    static Path bin;
    static JettyFixture jetty;

    static final String ENV = """
            #!/usr/bin/perl
            print "Content-Type: text/plain\\n\\n";
            print "ARGV=" . join(",", @ARGV) . "\\n";
            for my $k (sort keys %ENV) { print "$k=$ENV{$k}\\n"; }
            """;

    static Path script(Path folder, String name, String text, boolean executable) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        return file;
    }

    @BeforeAll
    static void start() throws Exception {
        bin = Files.createDirectories(dir.resolve("cgi-bin"));
        script(bin, "env.cgi", ENV, true);
        script(bin, "status.cgi", "#!/bin/sh\nprintf 'Status: 404 Not Found\\r\\nContent-Type: text/plain\\r\\n\\r\\nnothing here\\n'\n", true);
        script(bin, "redirect.cgi", "#!/bin/sh\nprintf 'Location: /elsewhere\\n\\n'\n", true);
        script(bin, "cookies.cgi", "#!/bin/sh\nprintf 'Set-Cookie: a=1\\nSet-Cookie: b=2\\nServer: evil\\nContent-Type: text/plain\\n\\nok'\n", true);
        script(bin, "flood.cgi", "#!/usr/bin/perl\n$| = 1; for (1..1000000) { print \"X-Flood-$_: yes\\n\"; }\n", true);
        script(bin, "silent.cgi", "#!/bin/sh\nexit 0\n", true);
        script(bin, "badstatus.cgi", "#!/bin/sh\nprintf 'Status: teapot\\n\\n'\n", true);
        script(bin, "noexec.cgi", "#!/bin/sh\necho never\n", false);
        script(bin, "stream.cgi", """
                #!/bin/sh
                printf 'Content-Type: text/plain\\n\\n'
                echo first
                while [ ! -e "$GO_FILE" ]; do sleep 0.05; done
                echo second
                """, true);
        script(bin, "sleepy.cgi", """
                #!/bin/sh
                sleep 300 &
                echo "$$ $!" > "$PIDS_FILE"
                wait
                """, true);
        script(bin, "echo.cgi", "#!/bin/sh\nprintf 'Content-Type: application/octet-stream\\n\\n'\nexec cat\n", true);
        Files.createDirectories(bin.resolve("sub"));
        script(bin.resolve("sub"), "deeper.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\ndeeper'\n", true);
        script(dir, "outside.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\noutside'\n", true);

        Path perl = Files.createDirectories(dir.resolve("perlsite"));
        script(perl, "index.pl", "print \"Content-Type: text/html\\n\\n<p>Perl index</p>\";\n", false);
        script(perl, "form.pl", """
                read(STDIN, my $body, $ENV{CONTENT_LENGTH});
                print "Content-Type: text/plain\\n\\n";
                print "method=$ENV{REQUEST_METHOD} type=$ENV{CONTENT_TYPE} length=$ENV{CONTENT_LENGTH} body=$body";
                """, false);
        Path php = Files.createDirectories(dir.resolve("php"));
        script(php, "hello.php", "<?php header('X-Php: yes'); echo 'Hello ' . htmlspecialchars($_GET['name'] ?? 'nobody') . ' ' . ($_POST['field'] ?? '');\n", false);
        Path python = Files.createDirectories(dir.resolve("python"));
        script(python, "hello.py", "import os\nprint('Content-Type: text/plain')\nprint()\nprint('python says', os.environ['PATH_INFO'])\n", false);

        CGIConfig config = CGIConfig.DEFAULTS.withTimeout(Duration.ofSeconds(2))
                .withEnvironment(Map.of("GO_FILE", dir.resolve("go").toString(), "PIDS_FILE", dir.resolve("pids").toString()));
        Resource root = new Resource();
        root.putChild("cgi-bin", new CGIDirectory(bin, config));
        root.putChild("args", new CGIScript(bin.resolve("env.cgi"), CGIConfig.DEFAULTS.withQueryArguments(true)));
        root.putChild("few-headers", new CGIScript(bin.resolve("env.cgi"), CGIConfig.DEFAULTS.withPassHeaders("HOST|USER-AGENT")));
        root.putChild("missing-interpreter", new FilteredScript(perl.resolve("index.pl"), "/no/such/interpreter"));
        FileResource perlSite = new FileResource(perl);
        perlSite.setProcessors(Map.of(".pl", (file, directory) -> new FilteredScript(file, "/usr/bin/perl")));
        perlSite.setIndexNames(List.of("index.pl"));
        root.putChild("perlsite", perlSite);
        FileResource phpSite = new FileResource(php);
        phpSite.addProcessor(".php", (file, directory) -> new PHPScript(file));
        root.putChild("php", phpSite);
        FileResource pythonSite = new FileResource(python);
        pythonSite.addProcessor(".py", (file, directory) -> new FilteredScript(file, "/usr/bin/python3"));
        root.putChild("python", pythonSite);
        jetty = JettyFixture.serve(new Site(root));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    static Map<String, String> env(HttpResponse<String> response) {
        return env(response.body());
    }

    static Map<String, String> env(String body) {
        return body.lines().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> a));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return jetty.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends exact bytes, so the variables checked are those of this request and not of what
     * some HTTP client adds by itself (JDK 17.0.15's sends {@code Content-Length: 0} on GET).
     */
    @Test
    void theEnvironmentFollowsRfc3875() throws Exception {
        String answer = exchange("GET /cgi-bin/env.cgi/extra/path?a=1&b=2 HTTP/1.1\r\nHost: 127.0.0.1:" + jetty.port()
                + "\r\nX-Custom: custom value\r\nCookie: k=v\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nContent-Type: text/plain\r\n");
        Map<String, String> env = env(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(env).containsEntry("GATEWAY_INTERFACE", "CGI/1.1")
                .containsEntry("SERVER_SOFTWARE", "Twistlet")
                .containsEntry("SERVER_NAME", "127.0.0.1")
                .containsEntry("SERVER_PORT", Integer.toString(jetty.port()))
                .containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
                .containsEntry("REQUEST_METHOD", "GET")
                .containsEntry("REQUEST_URI", "/cgi-bin/env.cgi/extra/path?a=1&b=2")
                .containsEntry("SCRIPT_NAME", "/cgi-bin/env.cgi")
                .containsEntry("SCRIPT_FILENAME", bin.resolve("env.cgi").toString())
                .containsEntry("PATH_INFO", "/extra/path")
                .containsEntry("PATH_TRANSLATED", bin.resolve("extra/path").toString())
                .containsEntry("QUERY_STRING", "a=1&b=2")
                .containsEntry("REMOTE_ADDR", "127.0.0.1")
                .containsEntry("REDIRECT_STATUS", "200")
                .containsEntry("HTTP_X_CUSTOM", "custom value")
                .containsEntry("HTTP_COOKIE", "k=v")
                .containsEntry("HTTP_HOST", "127.0.0.1:" + jetty.port())
                .containsKey("REMOTE_PORT")
                .doesNotContainKeys("PATH_INFO_", "HTTPS", "CONTENT_LENGTH", "CONTENT_TYPE", "REMOTE_USER");
        assertThat(env.get("ARGV")).isEmpty();
    }

    @Test
    void aDeclaredEmptyBodyIsAContentLengthOfZero() throws Exception {
        String answer = exchange("GET /cgi-bin/env.cgi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(env(answer.substring(answer.indexOf("\r\n\r\n") + 4))).containsEntry("CONTENT_LENGTH", "0");
    }

    /** Writes {@code request} as it is on a new connection and reads the whole answer. */
    static String exchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", jetty.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theServersOwnEnvironmentStaysOutAndProxyIsNeverPassed() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.uri("/cgi-bin/env.cgi")).header("Proxy", "http://evil:8080/"));
        Map<String, String> env = env(r);
        assertThat(env).doesNotContainKeys("HTTP_PROXY", "PROXY");
        assertThat(System.getenv()).containsKey("HOME");
        for (String serverVariable : System.getenv().keySet()) {
            if (!serverVariable.equals("PATH")) {
                assertThat(env).as("the server's %s", serverVariable).doesNotContainKey(serverVariable);
            }
        }
        assertThat(env).containsEntry("PATH", System.getenv("PATH"));
    }

    @Test
    void onlyAllowedHeadersBecomeVariables() throws Exception {
        Map<String, String> env = env(send(HttpRequest.newBuilder(jetty.uri("/few-headers")).header("X-Custom", "no")));
        assertThat(env).containsKey("HTTP_HOST").doesNotContainKey("HTTP_X_CUSTOM");
    }

    @Test
    void queryStringsBecomeArgumentsOnlyWhenEnabled() throws Exception {
        assertThat(env(jetty.get("/cgi-bin/env.cgi?-s+-x")).get("ARGV")).isEmpty();
        assertThat(env(jetty.get("/args?hello+w%20orld")).get("ARGV")).isEqualTo("hello,w orld");
        assertThat(env(jetty.get("/args?a=b+c")).get("ARGV")).as("a query with = is never arguments").isEmpty();
    }

    @Test
    void statusAndLocationHeaders() throws Exception {
        HttpResponse<String> missing = jetty.get("/cgi-bin/status.cgi");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("nothing here\n");
        HttpResponse<String> redirect = jetty.get("/cgi-bin/redirect.cgi");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/elsewhere"));
        HttpResponse<String> cookies = jetty.get("/cgi-bin/cookies.cgi");
        assertThat(cookies.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(cookies.headers().allValues("Server")).as("the script may not set Server").doesNotContain("evil");
        assertThat(cookies.body()).isEqualTo("ok");
    }

    @Test
    void aPostedFormReachesAPerlScriptAndIsEchoed() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.uri("/perlsite/form.pl"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Ada&lang=perl")));
        assertThat(r.body()).isEqualTo("method=POST type=application/x-www-form-urlencoded length=18 body=name=Ada&lang=perl");
        assertThat(jetty.get("/perlsite/").body()).as("index.pl is the index").isEqualTo("<p>Perl index</p>");
    }

    @Test
    void aChunkedBodyIsCountedForTheScript() throws Exception {
        byte[] body = "chunked body".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> r = send(HttpRequest.newBuilder(jetty.uri("/perlsite/form.pl"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
        assertThat(r.body()).endsWith("length=12 body=chunked body");
    }

    @Test
    void aLargeBodyStreamsThroughTheScript() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(body);
        HttpResponse<byte[]> r = jetty.client().send(HttpRequest.newBuilder(jetty.uri("/cgi-bin/echo.cgi"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Arrays.equals(r.body(), body)).as("3 MB in, the same 3 MB out").isTrue();
    }

    @Test
    void phpAndPythonRunThroughTheirInterpreters() throws Exception {
        HttpResponse<String> php = send(HttpRequest.newBuilder(jetty.uri("/php/hello.php?name=%3Cb%3EAda"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("field=posted")));
        assertThat(php.statusCode()).isEqualTo(200);
        assertThat(php.headers().firstValue("X-Php")).hasValue("yes");
        assertThat(php.body()).isEqualTo("Hello &lt;b&gt;Ada posted");
        assertThat(jetty.get("/python/hello.py/x/y").body()).isEqualTo("python says /x/y\n");
    }

    @Test
    void outputIsStreamedAsTheScriptWritesIt() throws Exception {
        try (Socket socket = jetty.rawRequest("GET /cgi-bin/stream.cgi HTTP/1.1")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String line;
            while (!(line = in.readLine()).contains("first")) {
                assertThat(line).as("before the first line").doesNotContain("second");
            }
            // The script is still waiting for our file: "first" came while it ran.
            Files.createFile(dir.resolve("go"));
            while (!(line = in.readLine()).contains("second")) {
                assertThat(line).isNotNull();
            }
        } finally {
            Files.deleteIfExists(dir.resolve("go"));
        }
    }

    @Test
    void aFloodOfHeadersIs502AndTheServerCarriesOn() throws Exception {
        HttpResponse<String> r = jetty.get("/cgi-bin/flood.cgi");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("could not be understood");
        assertThat(jetty.get("/cgi-bin/status.cgi").statusCode()).isEqualTo(404);
    }

    @Test
    void faultsAnswerWithAClearPage() throws Exception {
        HttpResponse<String> silent = jetty.get("/cgi-bin/silent.cgi");
        assertThat(silent.statusCode()).isEqualTo(500);
        assertThat(silent.body()).contains("Premature end of script headers.");
        HttpResponse<String> noexec = jetty.get("/cgi-bin/noexec.cgi");
        assertThat(noexec.statusCode()).isEqualTo(500);
        assertThat(noexec.body()).contains("The script could not be started.").doesNotContain(dir.toString());
        HttpResponse<String> interpreter = jetty.get("/missing-interpreter");
        assertThat(interpreter.statusCode()).isEqualTo(500);
        assertThat(interpreter.body()).contains("The script could not be started.");
        assertThat(jetty.get("/cgi-bin/badstatus.cgi").statusCode()).isEqualTo(502);
    }

    @Test
    void aScriptPastItsTimeoutIsKilledWithItsChildrenAnd504() throws Exception {
        Files.deleteIfExists(dir.resolve("pids"));
        HttpResponse<String> r = jetty.get("/cgi-bin/sleepy.cgi");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("did not answer in time");
        for (String pid : Files.readString(dir.resolve("pids")).strip().split(" ")) {
            assertThat(gone(Long.parseLong(pid))).as("process %s ended", pid).isTrue();
        }
    }

    @Test
    void aCgiDirectoryListsNothingAndRunsNothingOutsideIt() throws Exception {
        HttpResponse<String> listing = jetty.get("/cgi-bin/");
        assertThat(listing.statusCode()).isEqualTo(404);
        assertThat(listing.body()).contains("CGI directories do not support directory listing.");
        assertThat(jetty.get("/cgi-bin/sub/deeper.cgi").body()).isEqualTo("deeper");
        assertThat(jetty.get("/cgi-bin/missing.cgi").statusCode()).isEqualTo(404);
        for (String path : List.of("/cgi-bin/%2E%2E/outside.cgi", "/cgi-bin/..%2Foutside.cgi", "/cgi-bin/sub/%2e%2e/%2e%2e/outside.cgi")) {
            try (Socket socket = jetty.rawRequest("GET " + path + " HTTP/1.1")) {
                assertThat(JettyFixture.readUntil(socket.getInputStream(), "\r\n")).as(path).doesNotContain(" 200 ");
            }
        }
        Files.createSymbolicLink(bin.resolve("link.cgi"), dir.resolve("outside.cgi"));
        assertThat(jetty.get("/cgi-bin/link.cgi").statusCode()).isEqualTo(404);
    }

    @Test
    void noZombieIsLeftBehind() throws Exception {
        jetty.get("/cgi-bin/silent.cgi");
        jetty.get("/cgi-bin/env.cgi");
        jetty.get("/cgi-bin/flood.cgi");
        long self = ProcessHandle.current().pid();
        List<String> zombies = List.of();
        for (int i = 0; i < 100; i++) {
            zombies = zombieChildren(self);
            if (zombies.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(zombies).as("zombie children of the server").isEmpty();
    }

    /** @return whether the process ended within 5 s (and is not a zombie) */
    static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true) && !isZombie(pid)) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }

    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static List<String> zombieChildren(long parent) throws java.io.IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> {
                        try {
                            return Files.readString(p.resolve("stat"));
                        } catch (java.io.IOException e) {
                            return "";
                        }
                    })
                    .filter(stat -> !stat.isEmpty())
                    .filter(stat -> {
                        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        return after[0].equals("Z") && after[1].equals(Long.toString(parent));
                    })
                    .toList();
        }
    }
}
