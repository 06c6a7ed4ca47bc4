package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.websocket.WebSocketProtocol;
import dev.twistlet.web.websocket.WebSocketResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A thousand idle WebSockets, opened over raw sockets and then closed (half with a close
 * frame, half by dropping the TCP connection), cost no thread each while open, and leave
 * no thread, descriptor or open protocol behind once closed.
 */
class WebSocketIdleSocketsTest {
    private static final int SOCKETS = 1000;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    @Test
    void aThousandIdleSocketsThenClosedLeaveNothingBehind() throws Exception {
        Resource root = new Resource();
        root.putChild("idle", new WebSocketResource(request -> new WebSocketProtocol() {
            @Override
            public void negotiationFinished() {
                open.incrementAndGet();
            }

            @Override
            public void connectionLost(Throwable reason) {
                lost.incrementAndGet();
            }
        }));
        try (Served served = Served.site(new Site(root))) {
            close(upgrade(served.port()), true);
            await(() -> lost.get(), 1);
            int threadsBefore = threads();
            int ownThreadsBefore = threadsBesidesThePool();
            int descriptorsBefore = descriptors();

            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < SOCKETS; i++) {
                    sockets.add(upgrade(served.port()));
                }
                await(() -> open.get(), SOCKETS + 1);
                assertThat(threads()).as("threads with %d sockets open", SOCKETS).isLessThan(threadsBefore + 50);
                assertThat(lost.get()).as("connections lost while idle").isEqualTo(1);
            } finally {
                for (int i = 0; i < sockets.size(); i++) {
                    close(sockets.get(i), i % 2 == 0);
                }
            }
            await(() -> lost.get(), SOCKETS + 1);
            awaitAtMost(WebSocketIdleSocketsTest::descriptors, descriptorsBefore + 5, "open descriptors");
            // The pool may have grown for the burst of closes; its idle threads expire on its own
            // timeout, and it is bounded by its size, not by the sockets served.
            awaitAtMost(WebSocketIdleSocketsTest::threadsBesidesThePool, ownThreadsBefore + 2,
                    "threads besides the pool");
            assertThat(threads()).as("threads").isLessThan(threadsBefore + 50);
        }
    }

    /** Opens a socket and upgrades it to a WebSocket at {@code /idle}, reading the whole 101. */
    private static Socket upgrade(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /idle HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = Served.readUntil(socket.getInputStream(), "\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 101 ");
        return socket;
    }

    /** Closes with a masked close frame (code 1000) first, or just drops the connection. */
    private static void close(Socket socket, boolean withCloseFrame) throws IOException {
        try (socket) {
            if (withCloseFrame) {
                // FIN + close, masked, 2 bytes; the mask key 0 leaves the code 1000 (0x03e8) as it is.
                socket.getOutputStream().write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8});
                InputStream in = socket.getInputStream();
                assertThat(in.read()).as("the server's close frame").isEqualTo(0x88);
            }
        }
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Threads not in {@link WebServer}'s pool ({@code twistlet-http-N}). */
    private static int threadsBesidesThePool() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !thread.getName().startsWith("twistlet-http")).count();
    }

    private static int descriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    private static void await(IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (count.getAsInt() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count.getAsInt()).isEqualTo(expected);
    }

    private static void awaitAtMost(IntSupplier count, int most, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (count.getAsInt() > most && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(count.getAsInt()).as(what).isLessThanOrEqualTo(most);
    }
}
