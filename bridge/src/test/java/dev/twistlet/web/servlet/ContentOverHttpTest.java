package dev.twistlet.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.ContentLimits;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.StreamingResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request bodies as the dispatcher takes them, over a real socket with exact bytes: read
 * whole before {@code render} (in memory or in a file), within the site's limits, refused
 * with the right status and a closed connection when the client sends too much, too slowly
 * or badly; and passed through live to a {@link StreamingResource}.
 */
class ContentOverHttpTest {
    static JettyFixture jetty;
    static final CountDownLatch STREAMING_RENDERED = new CountDownLatch(1);

    /** Answers the body's length and CRC, and the form arguments. */
    static final class Echo extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderPost(Request request) {
            try (InputStream in = request.getContent(); InputStream again = request.getContent()) {
                byte[] body = in.readAllBytes();
                if (again.readAllBytes().length != body.length) {
                    throw new IllegalStateException("a second stream must start at the first byte");
                }
                return body.length + " " + crc(body) + " " + request.getArgs();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Tells when it renders, then reads the live body. */
    static final class Streaming extends Resource implements StreamingResource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderPost(Request request) {
            STREAMING_RENDERED.countDown();
            try (InputStream in = request.getContent()) {
                return "streamed " + in.readAllBytes().length;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Answers without reading the body it streams. */
    static final class Ignoring extends Resource implements StreamingResource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderPost(Request request) {
            return "ignored";
        }
    }

    static final CountingResource COUNT = new CountingResource();
    @BeforeAll
    static void start() throws Exception {
        Resource root = new Resource();
        root.putChild("echo", new Echo());
        root.putChild("streaming", new Streaming());
        root.putChild("ignoring", new Ignoring());
        root.putChild("count", COUNT);
        Site site = new Site(root);
        site.setContentLimits(ContentLimits.DEFAULTS.withMaxBytes(1_000_000).withInMemoryBytes(1000)
                .withMinDataRate(1000, Duration.ofSeconds(1)).withMaxPending(3));
        jetty = JettyFixture.serve(site);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    static String post(String path, String headers, byte[] body) throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", jetty.port());
        socket.setSoTimeout(15_000);
        return socket;
    }

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void shortAndLongBodiesReachRenderWhole() throws Exception {
        for (int length : new int[] {10, 999, 1001, 300_000}) {
            byte[] body = pattern(length);
            String answer = post("/echo", "Content-Length: " + length + "\r\n", body);
            assertThat(answer).as("%d bytes", length).startsWith("HTTP/1.1 200");
            assertThat(body(answer)).startsWith(length + " " + crc(body) + " ");
        }
    }

    @Test
    void aChunkedBodyIsReadWhole() throws Exception {
        String answer = post("/echo", "Transfer-Encoding: chunked\r\n",
                "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(body(answer)).startsWith("11 " + crc("hello world".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aFormBodyAndTheQueryAreArguments() throws Exception {
        String answer = post("/echo?a=1", "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 21\r\n",
                "b=x+y&c=%C3%A9t%C3%A9".getBytes(StandardCharsets.US_ASCII));
        assertThat(body(answer)).endsWith(" {a=[1], b=[x y], c=[été]}");
    }

    @Test
    void renderSeesTheBodyOnlyOnceItIsWhole() throws Exception {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 10\r\n\r\nhello"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            out.write("world".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(body(answer)).startsWith("10 " + crc("helloworld".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
        try (Socket socket = open()) {
            socket.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("\r\nConnection: close\r\n");
        }
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIs413AndTheConnectionCloses() throws Exception {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = null;
            byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 40; i++) {
                    out.write(chunk);
                }
            } catch (SocketException closedUnderUs) {
                // the server answered and closed before everything was sent
            }
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("\r\nConnection: close\r\n");
        }
    }

    @Test
    void brokenChunkFramingIs400AndTheConnectionCloses() throws Exception {
        for (String framing : List.of("zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n", "0x5\r\nhello\r\n0\r\n\r\n")) {
            String answer = post("/echo", "Transfer-Encoding: chunked\r\n", framing.getBytes(StandardCharsets.US_ASCII));
            assertThat(answer).as(framing).startsWith("HTTP/1.1 400").doesNotContain("Processing Failed");
        }
    }

    @Test
    void aBodySlowerThanTheMinimumRateIs408() throws Exception {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("\r\nConnection: close\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void pastTheBoundOnBodiesInFlightAnotherIs503() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = open();
                socket.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\na"
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            // The three count once the server has read their heads: ask until it has, within the
            // second the minimum rate gives them.
            long start = System.nanoTime();
            String answer;
            do {
                Thread.sleep(100);
                answer = post("/echo", "Content-Length: 3\r\n", "abc".getBytes(StandardCharsets.US_ASCII));
            } while (!answer.startsWith("HTTP/1.1 503")
                    && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(700));
            assertThat(answer).startsWith("HTTP/1.1 503");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        // Those three are cut by the minimum rate or by their close; then bodies are taken again.
        String later = null;
        for (int i = 0; i < 50 && (later == null || !later.startsWith("HTTP/1.1 200")); i++) {
            Thread.sleep(100);
            later = post("/echo", "Content-Length: 3\r\n", "abc".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(later).startsWith("HTTP/1.1 200");
    }

    @Test
    void aStreamingResourceRendersBeforeItsBodyHasArrived() throws Exception {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /streaming HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 10\r\n\r\nhello"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(STREAMING_RENDERED.await(5, TimeUnit.SECONDS)).as("rendered with half the body sent").isTrue();
            out.write("world".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(body(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))).isEqualTo("streamed 10");
        }
    }

    /**
     * A streaming resource that answers without reading its body: what the client sends
     * after the answer is the rest of that body, and the container never reads it as a
     * request (it drains it or closes the connection).
     */
    @Test
    void theUnreadRestOfAStreamedBodyIsNeverARequest() throws Exception {
        String get = "GET /count HTTP/1.1\r\nHost: x\r\nX-Pad: 012345678901\r\n\r\n";
        for (int i = 0; i < 50; i++) {
            try (Socket socket = open()) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /ignoring HTTP/1.1\r\nHost: x\r\nContent-Length: 63\r\n\r\n0123456789")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String head = JettyFixture.readUntil(in, "ignored");
                assertThat(head).startsWith("HTTP/1.1 200");
                try {
                    out.write(get.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket.setSoTimeout(300);
                    in.readAllBytes();
                } catch (IOException closedOrQuiet) {
                    // the server closed the connection, or stayed silent: either way nothing was served
                }
            }
        }
        assertThat(COUNT.hits()).as("GETs served from bodies").hasValue(0);
    }
}
