package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twistlet -ny site.java} as a user runs it, on the scripts under {@code examples/}
 * (copied, with their port 8080 turned into a free one), and on broken scripts; plus
 * {@code twistlet web --resource-script} and the {@code .rpy} files of {@code --path}.
 */
class ConfigurationScriptIT {

    @TempDir
    Path dir;
    Path examples;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void copyExamples() throws IOException {
        examples = Examples.copy(dir);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void serving(List<String> command, Check check) throws Exception {
        Examples.serving(command, (url, run) -> check.on(url));
    }

    private interface Check {
        void on(URI url) throws Exception;
    }

    @Test
    void theAdvancedConfigurationExampleServesItsFolder() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("11-advanced-configuration.java").toString()), url -> {
            assertThat(get(url.resolve("/welcome.html")).body()).contains("Static files are served too");
            assertThat(get(url.resolve("/counter.rpy")).body()).as("the .rpy processor runs it")
                    .isEqualTo("you are visitor 1");
        });
    }

    @Test
    void theAddingChildrenExampleServesTheDocumentation() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("12-adding-children.java").toString()), url -> {
            HttpResponse<String> doc = get(url.resolve("/doc/"));
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.body()).contains("Directory listing for /doc/").contains("twistlet/").contains("jetty/");
            assertThat(get(url.resolve("/doc/twistlet/README")).body()).startsWith("Twistlet: Twisted Web's resource model");
            assertThat(get(url.resolve("/welcome.html")).statusCode()).isEqualTo(200);
        });
    }

    @Test
    void theIndexRpyExampleRendersDirectoriesWithTheirScript() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("14-modifying-file-resources.java").toString()), url -> {
            assertThat(get(url).body()).isEqualTo("<html>Hello, world!</html>");
            assertThat(get(url.resolve("/counter.rpy")).body()).isEqualTo("you are visitor 1");
            assertThat(get(url.resolve("/counter.rpy")).body()).isEqualTo("you are visitor 2");
            Path index = examples.resolve("htdocs/index.rpy");
            Files.writeString(index, Files.readString(index).replace("Hello, world!", "Hello, edited"));
            assertThat(get(url).body()).as("edit, then refresh").isEqualTo("<html>Hello, edited</html>");
        });
    }

    @Test
    void theIgnoreExtExampleHidesTheExtension() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("15-modifying-file-resources-ignore-ext.java").toString()), url -> {
            assertThat(get(url.resolve("/counter")).body()).isEqualTo("you are visitor 1");
            assertThat(get(url.resolve("/counter.rpy")).body()).isEqualTo("you are visitor 2");
        });
    }

    @Test
    void theCgiBinExampleRunsItsScripts() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("13-adding-children-cgi-bin.java").toString()), url -> {
            HttpResponse<String> hello = get(url.resolve("/cgi-bin/hello.cgi?x=1"));
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("Hello from CGI at /cgi-bin/hello.cgi\nquery: x=1\n");
            assertThat(get(url.resolve("/cgi-bin/")).statusCode()).isEqualTo(404);
        });
    }

    @Test
    void theSeedsPerlScriptRpyServesAPerlSite() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("14-modifying-file-resources.java").toString()), url -> {
            assertThat(get(url.resolve("/perlsite.rpy/")).body()).contains("<h1>A Perl site</h1>");
            HttpResponse<String> echoed = client.send(HttpRequest.newBuilder(url.resolve("/perlsite.rpy/form.pl"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=Ada+Lovelace&lang=perl%21")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(echoed.body()).isEqualTo("name: Ada Lovelace\nlang: perl!\n");
        });
    }

    @Test
    void cgiFilesUnderPathRunAndProcessorsMayBeFilteredScripts() throws Exception {
        serving(LauncherProcessIT.jar("web", "--path", examples.resolve("cgi-bin").toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1"), url ->
                assertThat(get(url.resolve("/hello.cgi")).body()).startsWith("Hello from CGI at /hello.cgi"));
        serving(LauncherProcessIT.jar("web", "--path", examples.resolve("perlsite").toString(),
                "--processor", ".pl=dev.twistlet.launcher.it.PerlScript", "--classpath",
                Path.of("target/test-classes").toAbsolutePath().toString(), "--index", "index.pl",
                "--listen", "tcp:port=0:interface=127.0.0.1"), url ->
                assertThat(get(url).body()).contains("<h1>A Perl site</h1>"));
    }

    @Test
    void theWsgiTacExampleServesAServletOnItsPool() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("30-serving-wsgi-applications.java").toString()), url -> {
            HttpResponse<String> hello = get(url);
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("Hello World!");
            assertThat(hello.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        });
    }

    @Test
    void theWsgiOneLinerServesACompiledServletClass() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp",
                Path.of("target/twistlet.jar").toAbsolutePath().toString(), "-d", classes.toString(),
                examples.resolve("helloworld/HelloWorld.java").toString());
        assertThat(compiled).as("javac exit status").isZero();
        serving(LauncherProcessIT.jar("web", "--servlet", "HelloWorld", "--classpath", classes.toString(),
                "--servlet-threads", "4", "--listen", "tcp:port=0:interface=127.0.0.1"), url -> {
            assertThat(get(url).body()).isEqualTo("Hello World!");
            assertThat(get(url.resolve("/any/path")).body()).isEqualTo("Hello World!");
        });
    }

    @Test
    void servletMistakesAreStatus2() throws Exception {
        LauncherProcessIT.Run notAServlet = LauncherProcessIT.Run.start(LauncherProcessIT.jar("web", "--servlet",
                "java.lang.String", "--listen", "tcp:0"));
        assertThat(notAServlet.awaitExit()).isEqualTo(2);
        assertThat(notAServlet.err()).containsExactly("twistlet web: --servlet java.lang.String: not a jakarta.servlet.Servlet");
        LauncherProcessIT.Run threadsAlone = LauncherProcessIT.Run.start(LauncherProcessIT.jar("web", "--path", ".",
                "--servlet-threads", "3"));
        assertThat(threadsAlone.awaitExit()).isEqualTo(2);
        assertThat(threadsAlone.err()).containsExactly("twistlet web: --servlet-threads needs --servlet");
    }

    /** A small origin server for the proxy examples: answers with the path it was asked for. */
    private static com.sun.net.httpserver.HttpServer origin() throws IOException {
        com.sun.net.httpserver.HttpServer origin = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            byte[] body = ("origin saw " + exchange.getRequestURI() + " for " + exchange.getRequestHeaders().getFirst("Host"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        return origin;
    }

    @Test
    void theReverseProxyExampleForwardsToItsUpstream() throws Exception {
        int port = TwistedDifferentialIT.freePort();
        String script = Examples.withPort(examples.resolve("10-reverse-proxy-resource.java"), "8081", port);
        Examples.serving(LauncherProcessIT.jar("-ny", script), (first, run) -> {
            URI front = run.awaitUrlOtherThan(first, port);
            HttpResponse<String> page = get(front.resolve("/welcome.html"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Static files are served too");
            assertThat(get(front.resolve("/no-such-page")).statusCode()).as("the upstream's 404, passed on").isEqualTo(404);
        });
    }

    @Test
    void theForwardProxyExampleServesCurlDashX() throws Exception {
        com.sun.net.httpserver.HttpServer origin = origin();
        try {
            serving(LauncherProcessIT.jar("-ny", examples.resolve("09-proxy.java").toString()), url -> {
                String target = "http://127.0.0.1:" + origin.getAddress().getPort() + "/through/the/proxy";
                Process curl = new ProcessBuilder("curl", "-s", "-x", url.toString(), target).start();
                String out = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(curl.waitFor()).isZero();
                assertThat(out).isEqualTo("origin saw /through/the/proxy for 127.0.0.1:" + origin.getAddress().getPort());
            });
        } finally {
            origin.stop(0);
        }
    }

    private static String getWithHost(URI url, String path, String host) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void theVirtualHostsExampleServesEachHost() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("16-virtual-hosts.java").toString()), url -> {
            assertThat(getWithHost(url, "/", "foo.com")).isEqualTo("<h1>foo.com</h1>\n");
            assertThat(getWithHost(url, "/", "bar.com:8080")).isEqualTo("<h1>bar.com</h1>\n");
            assertThat(getWithHost(url, "/hello", "baz")).as("baz: .rpy processed, extension ignored")
                    .isEqualTo("<html>baz says hello</html>");
            assertThat(getWithHost(url, "/welcome.html", "anything.else")).contains("Static files are served too");
        });
    }

    @Test
    void theVhostPerDirectoryExampleMakesAHostOfEachFolder() throws Exception {
        serving(LauncherProcessIT.jar("-ny", examples.resolve("17-advanced-techniques-vhosts.java").toString()), url -> {
            assertThat(getWithHost(url, "/", "foo")).isEqualTo("<h1>foo.com</h1>\n");
            assertThat(getWithHost(url, "/", "bar")).isEqualTo("<h1>bar.com</h1>\n");
            assertThat(getWithHost(url, "/welcome.html", "elsewhere")).contains("Static files are served too");
        });
    }

    @Test
    void thePortsFromAFileExampleListensOnEach() throws Exception {
        int[] ports = new int[2];
        for (int i = 0; i < ports.length; i++) {
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                ports[i] = free.getLocalPort();
            }
        }
        Files.writeString(examples.resolve("ports"), ports[0] + " " + ports[1] + "\n");
        LauncherProcessIT.Run run = LauncherProcessIT.Run.start(LauncherProcessIT.jar("-ny",
                examples.resolve("18-advanced-techniques-ports.java").toString()));
        try {
            List<URI> urls = List.of(run.awaitUrl(), run.awaitUrl());
            assertThat(urls).extracting(URI::getPort).containsExactlyInAnyOrder(ports[0], ports[1]);
            for (URI url : urls) {
                assertThat(get(url.resolve("/welcome.html")).body()).contains("Static files are served too");
            }
        } finally {
            run.process().destroy();
            run.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void userServesHomePagesFromTheBase() throws Exception {
        Path homes = dir.resolve("home");
        Files.createDirectories(homes.resolve("ada/public_html"));
        Files.writeString(homes.resolve("ada/public_html/index.html"), "Ada's home page");
        Files.createDirectories(homes.resolve("bob"));
        serving(LauncherProcessIT.jar("web", "--user", "--user-base", homes.toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1"), url -> {
            assertThat(get(url.resolve("/ada/")).body()).isEqualTo("Ada's home page");
            assertThat(get(url).body()).contains("href=\"ada/\"").doesNotContain("bob");
            assertThat(get(url.resolve("/bob/")).statusCode()).isEqualTo(404);
        });
    }

    @Test
    void aScriptMayListenSeveralTimes() throws Exception {
        Path script = dir.resolve("two-sites.java");
        Files.writeString(script, """
                import dev.twistlet.web.Site;
                import dev.twistlet.web.files.FileResource;

                var htdocs = new Site(new FileResource(file.resolveSibling("examples/htdocs")));
                var docs = new Site(new FileResource(java.nio.file.Path.of("/usr/share/doc")));
                application.listen("tcp:port=0:interface=127.0.0.1", htdocs)
                        .listen("tcp:port=0:interface=127.0.0.1", htdocs)
                        .listen("tcp:port=0:interface=127.0.0.1", docs);
                """);
        LauncherProcessIT.Run run = LauncherProcessIT.Run.start(LauncherProcessIT.jar("-y", script.toString()));
        try {
            List<URI> urls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                urls.add(run.awaitUrl());
            }
            assertThat(urls).doesNotHaveDuplicates();
            long welcomes = 0;
            for (URI url : urls) {
                if (get(url.resolve("/welcome.html")).statusCode() == 200) {
                    welcomes++;
                }
            }
            assertThat(welcomes).as("two endpoints serve htdocs, one serves /usr/share/doc").isEqualTo(2);
        } finally {
            run.process().destroy();
            run.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aScriptThatDoesNotCompileIsReportedWithFileAndLineAndStatus2() throws Exception {
        Path script = dir.resolve("bad.java");
        Files.writeString(script, "import dev.twistlet.web.Site;\n\nint port = \"8080\";\n");
        LauncherProcessIT.Run run = LauncherProcessIT.Run.start(LauncherProcessIT.jar("-y", script.toString()));
        assertThat(run.awaitExit()).isEqualTo(2);
        assertThat(run.err()).contains(script + ":3: error: Type mismatch: cannot convert from String to int");
    }

    @Test
    void aScriptThatListensNowhereOrBadlyIsStatus2() throws Exception {
        Path nowhere = dir.resolve("nowhere.java");
        Files.writeString(nowhere, "var unused = 1;\n");
        LauncherProcessIT.Run run = LauncherProcessIT.Run.start(LauncherProcessIT.jar("-y", nowhere.toString()));
        assertThat(run.awaitExit()).isEqualTo(2);
        assertThat(run.err()).containsExactly("twistlet: " + nowhere + " never calls application.listen(...): nothing to serve");

        Path badEndpoint = dir.resolve("bad-endpoint.java");
        Files.writeString(badEndpoint, "application.listen(\"tcp:nope\", new dev.twistlet.web.Site(new dev.twistlet.web.NoResource()));\n");
        run = LauncherProcessIT.Run.start(LauncherProcessIT.jar("-y", badEndpoint.toString()));
        assertThat(run.awaitExit()).isEqualTo(2);
        assertThat(run.err()).hasSize(1);
        assertThat(run.err().get(0)).startsWith("twistlet: application.listen: bad endpoint 'tcp:nope'");
    }

    @Test
    void aResourceScriptCanBeTheRoot() throws Exception {
        Path script = dir.resolve("root.rpy");
        Files.writeString(script, """
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;

                resource = new Resource() {
                    @Override public boolean isLeaf() { return true; }
                    @Override public Object renderGet(Request request) { return "root script " + request.getPostpath(); }
                };
                """);
        serving(LauncherProcessIT.jar("web", "--resource-script", script.toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1"), url -> {
            assertThat(get(url.resolve("/a/b")).body()).isEqualTo("root script [a, b]");
            Files.writeString(script, Files.readString(script).replace("root script", "edited root"));
            assertThat(get(url.resolve("/c")).body()).isEqualTo("edited root [c]");
        });
    }

    @Test
    void rpyFilesUnderPathAreResourceScripts() throws Exception {
        serving(LauncherProcessIT.jar("web", "--path", examples.resolve("htdocs").toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1"), url -> {
            assertThat(get(url).body()).as("index.rpy is among the default index names").isEqualTo("<html>Hello, world!</html>");
            assertThat(get(url.resolve("/counter.rpy")).body()).isEqualTo("you are visitor 1");
            HttpResponse<String> viaMonster = get(url.resolve("/vhost.rpy/http/example.com:80/welcome.html"));
            assertThat(viaMonster.statusCode()).as("the seed's vhost.rpy").isEqualTo(200);
            assertThat(viaMonster.body()).contains("Static files are served too");
        });
    }
}
