package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A file the server process cannot read answers 403, never its bytes, and a {@code --path}
 * folder it cannot read is refused at start. Root reads every file, so as root the launcher
 * is started as user {@code nobody} (util-linux's {@code setpriv}).
 */
class UnreadableFileIT {

    @Test
    void aPathFolderTheServerCannotReadIsRefusedAtStart() throws Exception {
        Path dir = Files.createTempDirectory("twistlet-unreadable",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            Path jar = jarIn(dir);
            Path site = Files.createDirectories(dir.resolve("site"));
            Files.writeString(site.resolve("index.html"), "hidden");
            Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("rwx------"));
            Path script = Files.writeString(dir.resolve("secret.rpy"), "resource = new dev.twistlet.web.Resource();");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-------"));
            for (String option : List.of("--path", "--resource-script")) {
                Path target = option.equals("--path") ? site : script;
                List<String> command = asNobody();
                command.addAll(List.of("java", "-jar", jar.toString(), "--pidfile=", "web", option, target.toString(),
                        "--listen", "tcp:port=" + TwistedDifferentialIT.freePort() + ":interface=127.0.0.1"));
                Process server = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(dir.resolve("out.log").toFile()).redirectError(dir.resolve("err.log").toFile()).start();
                try {
                    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits at once").isTrue();
                    assertThat(server.exitValue()).as("exit status").isEqualTo(2);
                    List<String> err = Files.readAllLines(dir.resolve("err.log"));
                    assertThat(err).as("stderr").hasSize(1);
                    assertThat(err.get(0)).isEqualTo("twistlet web: " + option + " " + target
                            + ": permission denied (this server runs as user nobody)");
                    assertThat(Files.readString(dir.resolve("out.log"))).as("stdout").isEmpty();
                } finally {
                    server.destroyForcibly();
                }
            }
        } finally {
            delete(dir);
        }
    }

    @Test
    void aFileTheServerCannotReadIs403() throws Exception {
        Path dir = Files.createTempDirectory("twistlet-unreadable",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            Path jar = jarIn(dir);
            Path site = Files.createDirectories(dir.resolve("site"));
            Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path secret = Files.writeString(site.resolve("secret.txt"), "NOT FOR YOU");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
            Path open = Files.writeString(site.resolve("open.txt"), "for everyone");
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

            int port = TwistedDifferentialIT.freePort();
            List<String> command = asNobody();
            // No pid file: nobody may not write in the test's folder.
            command.addAll(List.of("java", "-jar", jar.toString(), "--pidfile=", "web", "--path", site.toString(),
                    "--listen", "tcp:port=" + port + ":interface=127.0.0.1"));
            Process server = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile()).start();
            try {
                TwistedDifferentialIT.awaitPort(port, server, "twistlet as nobody");
                assertThat(fetch(port, "/open.txt")).startsWith("HTTP/1.1 200").endsWith("for everyone");
                String denied = fetch(port, "/secret.txt");
                assertThat(denied).startsWith("HTTP/1.1 403").contains("Forbidden Resource").doesNotContain("NOT FOR YOU");
            } finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            delete(dir);
        }
    }

    /** The launcher's jar, copied where user nobody can read it. */
    private static Path jarIn(Path dir) throws Exception {
        Path jar = Files.copy(Path.of("target/twistlet.jar"), dir.resolve("twistlet.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    /** The start of a command line that runs as user nobody when the tests run as root. */
    private static List<String> asNobody() {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        return command;
    }

    private static void delete(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String fetch(int port, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
