package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.PostgresCluster;
import dev.twistlet.testing.Readme;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands, as written: every {@code sh} block of {@code README.md} that starts
 * a server is run in a folder that holds the checkout's files (so its paths mean what they
 * mean in the checkout), and each server's first answer is checked. The other lines of a
 * block (making a key, compiling {@code Hello.java}) run first, as a reader would type them;
 * a block's second server runs in a folder of its own, as the README says it must.
 */
class ReadmeIT {
    private static final Pattern SERVING = Pattern.compile("serving (\\S+)");

    @TempDir
    Path dir;
    private final List<Path> links = new ArrayList<>();

    /** Removes the links to the checkout, so that cleaning the temporary folder never follows one. */
    @AfterEach
    void unlink() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }

    /** One block's commands, continuation lines joined. */
    record Block(List<String> commands) {
        List<String> servers() {
            return commands.stream().filter(ReadmeIT::startsAServer).toList();
        }

        List<String> setUp() {
            return commands.stream().filter(c -> !startsAServer(c)).toList();
        }
    }

    static boolean startsAServer(String command) {
        return command.startsWith("./twistlet ") && !command.contains("--help");
    }

    /** @return the {@code sh} blocks of the README, in order, continuation lines joined */
    static List<Block> shellBlocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (String text : Readme.shellBlocks()) {
            List<String> commands = new ArrayList<>();
            for (String command : text.replace("\\\n", " ").split("\n")) {
                command = command.replaceAll("\\s+", " ").strip();
                if (!command.isEmpty()) {
                    commands.add(command);
                }
            }
            blocks.add(new Block(commands));
        }
        return blocks;
    }

    /** @return the README's {@code java} block that declares {@code class Hello} */
    static String helloSource() throws IOException {
        String readme = Files.readString(Readme.CHECKOUT.resolve("README.md"));
        Matcher java = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (java.find()) {
            if (java.group(1).contains("public class Hello ")) {
                return java.group(1);
            }
        }
        throw new AssertionError("the README has no class Hello");
    }

    @Test
    void everyReadmeBlockThatStartsAServerServesItsFirstAnswer() throws Exception {
        List<Block> servers = shellBlocks().stream().filter(b -> !b.servers().isEmpty()).toList();
        assertThat(servers.stream().map(b -> b.servers().get(0)))
                .as("the README's server commands")
                .contains("./twistlet web --path demo/site",
                        "./twistlet web --class dev.twistlet.launcher.demo.DemoRoot",
                        "./twistlet web --resource-script examples/whole-site.rpy")
                .hasSizeGreaterThanOrEqualTo(7);
        for (Block block : servers) {
            run(block);
        }
    }

    @Test
    void helloCompilesWithTheReadmesJavacLineAndAnswers() throws Exception {
        Block block = shellBlocks().stream().filter(b -> b.commands().stream().anyMatch(c -> c.startsWith("javac ")))
                .findFirst().orElseThrow(() -> new AssertionError("the README has no javac line"));
        assertThat(block.servers()).as("the block that compiles Hello serves it").hasSize(1);
        String body = run(block);
        assertThat(body).as("Hello at /").isEqualTo("Hello, world! I am located at [].");
    }

    /**
     * Runs a block in a fresh copy of the checkout's layout, checks every server it starts,
     * stops them with SIGTERM and expects each to exit with status 0.
     *
     * @return the first server's first answer's body
     */
    private String run(Block block) throws Exception {
        Path first = Readme.layout(dir, links);
        Files.writeString(first.resolve("Hello.java"), helloSource());
        for (String command : block.setUp()) {
            Process p = new ProcessBuilder("bash", "-c", command).directory(first.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
            assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
        }
        List<LauncherProcessIT.Run> runs = new ArrayList<>();
        Path publicHtml = Path.of(System.getProperty("user.home"), "public_html");
        boolean madePublicHtml = block.servers().stream().anyMatch(c -> c.contains("~/public_html"))
                && !Files.exists(publicHtml);
        if (madePublicHtml) {
            Files.createDirectories(publicHtml);
            Files.writeString(publicHtml.resolve("index.html"), "<html><body>my own pages</body></html>");
        }
        // A block that keeps sessions in PostgreSQL gets a database of its own, in place of the README's.
        PostgresCluster db = block.servers().stream().anyMatch(c -> c.contains("--session-store"))
                ? PostgresCluster.start() : null;
        try {
            String firstBody = null;
            Path where = first;
            for (String written : block.servers()) {
                String command = db == null ? written
                        : written.replaceAll("'jdbc:postgresql://[^']*'", "'" + db.jdbcUrl() + "'");
                LauncherProcessIT.Run run = LauncherProcessIT.Run.start(
                        new ProcessBuilder("bash", "-c", "exec " + command).directory(where.toFile()));
                runs.add(run);
                String address = run.awaitLine(SERVING).group(1);
                if (address.startsWith("http")) {
                    String answer = get(URI.create(address), "/");
                    assertThat(answer).as("%s: its first answer", command).startsWith("HTTP/1.1 200");
                    if (firstBody == null) {
                        firstBody = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                    }
                }
                where = Readme.layout(dir, links);
            }
            if (block.servers().stream().anyMatch(c -> c.contains("--personal"))) {
                String relayed = get(URI.create("http://localhost:8080/"), "/" + System.getProperty("user.name") + ".twistd/");
                assertThat(relayed).as("the personal server, through the central one").startsWith("HTTP/1.1 200");
                if (madePublicHtml) {
                    assertThat(relayed).contains("my own pages");
                }
            }
            for (LauncherProcessIT.Run run : runs) {
                assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start().waitFor()).isZero();
                assertThat(run.awaitExit()).as("exit status after SIGTERM; stderr: %s", run.err()).isZero();
            }
            return firstBody;
        } finally {
            runs.forEach(r -> r.process().destroyForcibly());
            if (madePublicHtml) {
                delete(publicHtml);
            }
            if (db != null) {
                db.close();
            }
        }
    }

    /** A GET written as bytes on a socket; the whole answer. */
    private static String get(URI server, String path) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getAuthority()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
