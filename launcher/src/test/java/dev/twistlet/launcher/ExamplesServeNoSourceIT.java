package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example that serves a folder answers its root with a page, and no URL of it sends a
 * script's source: for each folder an example serves, every {@code .rpy}, {@code .cgi},
 * {@code .pl} and {@code .java} file in it is requested by its URL, and no answer may hold a
 * line of code of any script in {@code examples/}.
 */
class ExamplesServeNoSourceIT {

    @TempDir
    Path dir;

    /** A folder an example serves: the Host it is asked for, its URL prefix, its folder under examples/. */
    record Served(String host, String prefix, String folder) {
    }

    static Stream<Arguments> examples() {
        Served htdocs = new Served("localhost", "/", "htdocs");
        List<Served> hosts = List.of(htdocs, new Served("foo.com", "/", "vhosts/foo"),
                new Served("bar.com", "/", "vhosts/bar"), new Served("baz", "/", "vhosts/baz"));
        return Stream.of(
                Arguments.of("web --path examples/htdocs", List.of(htdocs)),
                Arguments.of("10-reverse-proxy-resource.java", List.of(htdocs)),
                Arguments.of("11-advanced-configuration.java", List.of(htdocs)),
                Arguments.of("12-adding-children.java", List.of(htdocs, new Served("localhost", "/doc/", "doc"))),
                Arguments.of("13-adding-children-cgi-bin.java",
                        List.of(htdocs, new Served("localhost", "/cgi-bin/", "cgi-bin"))),
                Arguments.of("14-modifying-file-resources.java", List.of(htdocs)),
                Arguments.of("15-modifying-file-resources-ignore-ext.java", List.of(htdocs)),
                Arguments.of("16-virtual-hosts.java", hosts),
                Arguments.of("17-advanced-techniques-vhosts.java", List.of(htdocs, new Served("foo", "/", "vhosts/foo"),
                        new Served("bar", "/", "vhosts/bar"), new Served("baz", "/", "vhosts/baz"))),
                Arguments.of("18-advanced-techniques-ports.java", List.of(htdocs)),
                Arguments.of("33-using-vhostmonster.java", List.of(new Served("example.com", "/", "htdocs"))),
                Arguments.of("34-rewriting-urls.java", List.of(new Served("localhost", "/~alice/", "homes/alice/public_html"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyFolderAnExampleServesAnswersItsRootWithAPageAndNeverASource(String example, List<Served> folders)
            throws Exception {
        Path examples = Examples.copy(dir);
        // Upstreams and extra ports the scripts name get free ports, so only the front end is asked.
        int other = TwistedDifferentialIT.freePort();
        for (Map.Entry<String, String> fixed : Map.of("10-reverse-proxy-resource.java", "8081",
                "33-using-vhostmonster.java", "8538").entrySet()) {
            Examples.withPort(examples.resolve(fixed.getKey()), fixed.getValue(), other);
        }
        Files.writeString(examples.resolve("ports"), Integer.toString(other));
        List<String> command = example.startsWith("web ")
                ? LauncherProcessIT.jar("web", "--path", examples.resolve("htdocs").toString(),
                        "--listen", "tcp:port=0:interface=127.0.0.1")
                : LauncherProcessIT.jar("-ny", examples.resolve(example).toString());
        Examples.serving(command, (first, run) -> {
            URI url = example.startsWith("18-") ? first : run.awaitUrlOtherThan(first, other);
            for (Served folder : folders) {
                String root = get(url, folder.prefix(), folder.host());
                if (!folder.folder().equals("cgi-bin")) { // a CGI directory lists nothing, as in Twisted
                    assertThat(root).as("%s, %s%s", example, folder.host(), folder.prefix())
                            .startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nContent-Type: text/html");
                }
                assertNoSource(root, examples, example, folder.folder());
                for (Path script : scripts(examples.resolve(folder.folder()))) {
                    String path = folder.prefix() + examples.resolve(folder.folder()).relativize(script);
                    assertNoSource(get(url, path, folder.host()), examples, example, folder.folder() + " " + path);
                }
            }
        });
    }

    /** Fails when {@code answer} holds a line of any script in the examples. */
    private static void assertNoSource(String answer, Path examples, String example, String where) throws IOException {
        for (Path script : scripts(examples)) {
            for (String line : Files.readAllLines(script)) {
                // Markup is what scripts print, so it may rightly be in a page; code may not.
                if (line.strip().length() >= 12 && !line.strip().startsWith("<")) {
                    assertThat(answer).as("%s, %s: a line of %s", example, where, examples.relativize(script))
                            .doesNotContain(line.strip());
                }
            }
        }
    }

    private static List<Path> scripts(Path folder) throws IOException {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(rpy|cgi|pl|java)"))
                    .forEach(scripts::add);
        }
        return scripts;
    }

    /** A GET with the Host header given, as raw bytes; the whole answer. */
    private static String get(URI server, String path, String host) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            // not-wanted.rpy finishes its page ten seconds after it starts, by design.
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
