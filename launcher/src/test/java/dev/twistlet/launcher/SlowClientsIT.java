package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow request bodies cannot stop the server: 300 clients each start a {@code POST} to a
 * {@code .rpy} that reads its body, declare 100,000 bytes and send a byte every 2 s. The
 * dispatcher reads bodies before {@code render} without holding a thread, so they occupy
 * no pool thread (the pool has 200), and a normal client gets every page at once meanwhile.
 */
class SlowClientsIT {
    private static final int SLOW_CLIENTS = 300;

    @TempDir
    Path dir;

    @Test
    void threeHundredSlowBodiesLeaveTheServerAnsweringEveryoneElse() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("page.html"), "<p>a normal page</p>");
        Examples.writeUploadScript(site);
        Examples.serving(LauncherProcessIT.jar("web", "--path", site.toString(), "--pidfile=",
                "--listen", "tcp:port=0:interface=127.0.0.1"), (url, run) -> {
                    assertThat(exchange(url, "POST /upload.rpy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                            + "Content-Length: 5\r\n\r\nhello")).endsWith("\r\n\r\nread 5");
                    List<Socket> slow = new ArrayList<>();
                    try {
                        for (int i = 0; i < SLOW_CLIENTS; i++) {
                            Socket socket = new Socket(url.getHost(), url.getPort());
                            socket.getOutputStream().write(("POST /upload.rpy HTTP/1.1\r\nHost: x\r\n"
                                    + "Content-Length: 100000\r\n\r\nx").getBytes(StandardCharsets.US_ASCII));
                            slow.add(socket);
                        }
                        for (int round = 0; round < 5; round++) {
                            for (int page = 0; page < 4; page++) {
                                long start = System.nanoTime();
                                String answer = exchange(url, "GET /page.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                                Duration took = Duration.ofNanos(System.nanoTime() - start);
                                assertThat(answer).startsWith("HTTP/1.1 200").endsWith("<p>a normal page</p>");
                                // A pool taken by the slow bodies would keep this page waiting until some of
                                // them end; the first page also waits for a cold server to take the 300 heads
                                // (0.2 s on an idle 2-core machine).
                                assertThat(took).as("a normal page with %d slow bodies in flight", SLOW_CLIENTS)
                                        .isLessThan(Duration.ofSeconds(5));
                            }
                            trickle(slow);
                            Thread.sleep(500);
                        }
                        assertThat(exchange(url, "POST /upload.rpy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                + "Content-Length: 5\r\n\r\nworld")).as("a normal upload meanwhile").endsWith("\r\n\r\nread 5");
                    } finally {
                        for (Socket socket : slow) {
                            socket.close();
                        }
                    }
                });
    }

    /** One more byte from every slow client, as a client on a very bad line sends. */
    private static void trickle(List<Socket> slow) throws IOException {
        for (Socket socket : slow) {
            OutputStream out = socket.getOutputStream();
            out.write('x');
            out.flush();
        }
    }

    private static String exchange(URI url, String request) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
