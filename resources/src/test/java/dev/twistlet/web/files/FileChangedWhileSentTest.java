package dev.twistlet.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that shrinks between the look at its size and the send (the cache's facts are a
 * minute old here) is never passed off as whole: before any byte went out the client gets a
 * 500 page through {@code Request.writeError}; once part went out the connection is cut
 * short of the announced length.
 */
class FileChangedWhileSentTest {
    private static final int SIZE = 1024 * 1024;

    @TempDir
    Path dir;
    private JettyFixture jetty;

    @BeforeEach
    void start() throws Exception {
        // Facts kept a minute, bytes never kept: every send reads the disk against an old size.
        jetty = JettyFixture.serve(new Site(new FileResource(dir, Duration.ofMinutes(1), 0, 0)));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    private Path fileThatShrinksTo(long newSize) throws IOException {
        Path file = dir.resolve("changing.bin");
        Files.write(file, new byte[SIZE]);
        try (Socket first = jetty.rawRequest("HEAD /changing.bin HTTP/1.1")) {
            assertThat(JettyFixture.readUntil(first.getInputStream(), "\r\n\r\n")).contains("Content-Length: " + SIZE);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(newSize);
        }
        return file;
    }

    @Test
    void shrunkBeforeTheFirstByteAnswers500() throws Exception {
        fileThatShrinksTo(1000);
        try (Socket socket = jetty.rawRequest("GET /changing.bin HTTP/1.1")) {
            InputStream in = socket.getInputStream();
            String head = JettyFixture.readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 500 ");
            int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
            String page = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            assertThat(page).contains("The file could not be read.").doesNotContain("changing.bin");
        }
    }

    @Test
    void shrunkMidwayCutsTheConnectionShortOfTheLength() throws Exception {
        fileThatShrinksTo(SIZE / 2);
        try (Socket socket = jetty.rawRequest("GET /changing.bin HTTP/1.1")) {
            InputStream in = socket.getInputStream();
            String head = JettyFixture.readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200 ").contains("Content-Length: " + SIZE);
            long body = 0;
            byte[] buffer = new byte[65536];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    body += n;
                }
            } catch (IOException reset) {
                // a reset is as good as an end here: either way the body stops short
            }
            assertThat(body).isLessThan(SIZE);
        }
    }
}
