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
 * A file the server process cannot read answers 403, never its bytes. Root reads every file,
 * so as root the launcher is started as user {@code nobody} (util-linux's {@code setpriv}).
 */
class UnreadableFileIT {

    @Test
    void aFileTheServerCannotReadIs403() throws Exception {
        Path dir = Files.createTempDirectory("twistlet-unreadable",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            Path jar = Files.copy(Path.of("target/twistlet.jar"), dir.resolve("twistlet.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            Path site = Files.createDirectories(dir.resolve("site"));
            Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path secret = Files.writeString(site.resolve("secret.txt"), "NOT FOR YOU");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
            Path open = Files.writeString(site.resolve("open.txt"), "for everyone");
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

            int port = TwistedDifferentialIT.freePort();
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            }
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
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
