package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twistlet.testing.WsClient;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.websocket.WebSocketClosedException;
import dev.twistlet.web.websocket.WebSocketProtocol;
import dev.twistlet.web.websocket.WebSocketResource;
import dev.twistlet.web.websocket.WebSocketTransport;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link WebSocketResource} under {@link WebServer}, over real sockets, with the JDK's client. */
class WebSocketResourceTest {
    /** Why each connection ended, by its X-Probe header, so that tests do not see each other's. */
    private static final java.util.Map<String, BlockingQueue<Throwable>> LOST = new java.util.concurrent.ConcurrentHashMap<>();
    private static Served served;

    /** Echoes; "close" closes with 4000, "whoami" answers the path and X-Probe, "ping" pings. */
    static final class Echo implements WebSocketProtocol {
        private final String who;
        private final String probe;
        private WebSocketTransport transport;

        Echo(String who, String probe) {
            this.who = who;
            this.probe = probe;
        }

        @Override
        public void negotiationStarted(WebSocketTransport transport) {
            this.transport = transport;
        }

        @Override
        public void textMessageReceived(String text) {
            switch (text) {
                case "close" -> transport.loseConnection(4000);
                case "whoami" -> transport.sendTextMessage(who);
                case "ping" -> transport.ping("p1".getBytes(StandardCharsets.UTF_8));
                case "burst" -> burst();
                default -> transport.sendTextMessage(text);
            }
        }

        /** 200 messages of 10 KB at once, then, once all are written, what is left buffered. */
        private void burst() {
            String chunk = "b".repeat(10_000);
            java.util.concurrent.CompletableFuture<?>[] sent = new java.util.concurrent.CompletableFuture<?>[200];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = transport.sendTextMessage(i + chunk).toCompletableFuture();
            }
            java.util.concurrent.CompletableFuture.allOf(sent).thenRun(() -> transport.sendTextMessage(
                    "drained " + transport.bufferedAmount() + " " + transport.isWritable()));
        }

        @Override
        public void bytesMessageReceived(byte[] data) {
            transport.sendBytesMessage(data);
        }

        @Override
        public void pongReceived(byte[] payload) {
            transport.sendTextMessage("pong:" + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void connectionLost(Throwable reason) {
            if (probe != null) {
                lost(probe).add(reason);
            }
        }
    }

    static WebSocketResource echo() {
        return new WebSocketResource(request -> new Echo(request.getPath() + " " + request.getHeader("X-Probe"),
                request.getHeader("X-Probe")));
    }

    @BeforeAll
    static void serve() throws Exception {
        Resource root = new Resource();
        root.putChild("echo", echo());
        Resource a = new Resource();
        Resource b = new Resource();
        root.putChild("a", a);
        a.putChild("b", b);
        b.putChild("echo", echo());
        WebSocketResource tight = echo();
        tight.setMaxBinaryMessageSize(1000);
        root.putChild("tight", tight);
        WebSocketResource idle = echo();
        idle.setIdleTimeout(java.time.Duration.ofMillis(300));
        root.putChild("idle", idle);
        served = Served.site(new Site(root));
    }

    @AfterAll
    static void stop() throws Exception {
        served.close();
    }

    @Test
    void echoesText() throws Exception {
        WsClient client = WsClient.connect(served.port(), "/echo");
        client.socket().sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertThat(client.next().text()).isEqualTo("hello");
        client.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoesBinaryUpToOneMegabyte() throws Exception {
        byte[] big = new byte[1024 * 1024];
        new Random(1).nextBytes(big);
        WsClient client = WsClient.connect(served.port(), "/echo");
        client.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
        assertThat(client.next().bytes()).containsExactly(1, 2, 3);
        client.socket().sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
        assertThat(Arrays.equals(client.next().bytes(), big)).isTrue();
        client.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendsInOrderAndCompletesEachSendOnceWritten() throws Exception {
        WsClient client = WsClient.connect(served.port(), "/echo");
        client.socket().sendText("burst", true).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 200; i++) {
            String text = client.next().text();
            assertThat(text).startsWith(i + "b").hasSize(String.valueOf(i).length() + 10_000);
        }
        assertThat(client.next().text()).isEqualTo("drained 0 true");
        client.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void joinsAFragmentedTextMessage() throws Exception {
        WsClient client = WsClient.connect(served.port(), "/echo");
        client.socket().sendText("frag", false).get(10, TimeUnit.SECONDS);
        client.socket().sendText("men", false).get(10, TimeUnit.SECONDS);
        client.socket().sendText("ted", true).get(10, TimeUnit.SECONDS);
        assertThat(client.next().text()).isEqualTo("fragmented");
        client.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void pingsBothWays() throws Exception {
        WsClient client = WsClient.connect(served.port(), "/echo");
        client.socket().sendPing(ByteBuffer.wrap("c1".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        WsClient.Event pong = client.next();
        assertThat(pong.kind()).isEqualTo("pong");
        assertThat(new String(pong.bytes(), StandardCharsets.UTF_8)).isEqualTo("c1");
        client.socket().sendText("ping", true).get(10, TimeUnit.SECONDS);
        assertThat(client.next().text()).isEqualTo("pong:p1");
        client.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void closeCodesGoBothWays() throws Exception {
        WsClient server = WsClient.connect(served.port(), "/echo", "X-Probe", "server-closes");
        server.socket().sendText("close", true).get(10, TimeUnit.SECONDS);
        WsClient.Event closed = server.next();
        assertThat(closed.kind()).isEqualTo("close");
        assertThat(closed.code()).isEqualTo(4000);
        assertThat(lostCode("server-closes")).isEqualTo(4000);

        WsClient client = WsClient.connect(served.port(), "/echo", "X-Probe", "client-closes");
        client.socket().sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        assertThat(lostCode("client-closes")).isEqualTo(1000);
    }

    @Test
    void servesTwoLevelsDownAndShowsTheRequestToTheFactory() throws Exception {
        WsClient client = WsClient.connect(served.port(), "/a/b/echo", "X-Probe", "yes");
        client.socket().sendText("whoami", true).get(10, TimeUnit.SECONDS);
        assertThat(client.next().text()).isEqualTo("/a/b/echo yes");
        client.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesAtTheRoot() throws Exception {
        try (Served rooted = Served.site(new Site(echo()))) {
            WsClient client = WsClient.connect(rooted.port(), "/");
            client.socket().sendText("whoami", true).get(10, TimeUnit.SECONDS);
            assertThat(client.next().text()).isEqualTo("/ null");
            client.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPlainGetIsANegotiationError() throws Exception {
        HttpResponse<String> response = served.get("/echo");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("websocket protocol negotiation error");
    }

    @Test
    void aPlainGetOnARawSocketIsANegotiationError() throws Exception {
        try (java.net.Socket socket = served.rawRequest("GET /echo HTTP/1.1\r\nConnection: close")) {
            String answer = Served.readUntil(socket.getInputStream(), "negotiation error");
            assertThat(answer).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void aBinaryMessageOverTheResourcesLimitClosesWith1009() throws Exception {
        WsClient client = WsClient.connect(served.port(), "/tight");
        client.socket().sendBinary(ByteBuffer.wrap(new byte[1000]), true).get(10, TimeUnit.SECONDS);
        assertThat(client.next().bytes()).hasSize(1000);
        client.socket().sendBinary(ByteBuffer.wrap(new byte[1001]), true);
        WsClient.Event closed = client.next();
        assertThat(closed.kind()).isEqualTo("close");
        assertThat(closed.code()).isEqualTo(1009);
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        WsClient client = WsClient.connect(served.port(), "/idle");
        WsClient.Event closed = client.next();
        assertThat(closed.kind()).isEqualTo("close");
        assertThat(closed.code()).isNotEqualTo(1000);
    }

    @Test
    void anotherOriginIsForbiddenAndTheSameOriginIsNot() throws Exception {
        assertThatThrownBy(() -> WsClient.connect(served.port(), "/echo", "Origin", "http://evil.example"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        WsClient same = WsClient.connect(served.port(), "/echo", "Origin", "http://127.0.0.1:" + served.port());
        same.socket().sendText("ok", true).get(10, TimeUnit.SECONDS);
        assertThat(same.next().text()).isEqualTo("ok");
        same.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void anOversizedTextMessageClosesWith1009() throws Exception {
        WsClient client = WsClient.connect(served.port(), "/echo");
        client.socket().sendText("x".repeat(WebSocketResource.DEFAULT_MAX_TEXT_MESSAGE_SIZE + 1), true);
        WsClient.Event closed = client.next();
        assertThat(closed.kind()).isEqualTo("close");
        assertThat(closed.code()).isEqualTo(1009);
    }

    private static BlockingQueue<Throwable> lost(String probe) {
        return LOST.computeIfAbsent(probe, key -> new LinkedBlockingQueue<>());
    }

    private static int lostCode(String probe) throws InterruptedException {
        Throwable reason = lost(probe).poll(15, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOf(WebSocketClosedException.class);
        return ((WebSocketClosedException) reason).getCode();
    }

}
