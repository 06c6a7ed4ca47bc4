package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.websocket.WebSocketResource;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link WebSocketResource} on every kind of endpoint the launcher serves: {@code tcp:},
 * {@code ssl:} and {@code unix:}, over HTTP/1.1 and over HTTP/2 (RFC 8441's extended
 * CONNECT, by prior knowledge on {@code tcp:} and by ALPN on {@code ssl:}). The echo
 * ({@link WebSocketResourceTest.Echo}) answers "whoami" with what the server saw of the request.
 *
 * <p>Over HTTP/1.1 the client is Jetty's; over HTTP/2 it is {@code h2_websocket_client.py}
 * (Debian's {@code python3-h2}). Jetty 12.1's WebSocket client over HTTP/2 now and then never
 * delivers the first message the server sends back: in a loop of 360 connections, 3 at a time,
 * 16 waited in vain although the server had received every "hello" and completed the write of
 * every echo; the Python client, 2,400 connections 4 at a time against the same server, never
 * missed one.
 */
class WebSocketEndpointsTest {
    @TempDir
    static Path dir;
    private static WebServer server;
    private static int port;
    private static int tlsPort;
    private static Path socket;

    @BeforeAll
    static void serve() throws Exception {
        HostileClientsIT.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
        socket = dir.resolve("web.sock");
        Resource root = new Resource();
        Resource a = new Resource();
        root.putChild("a", a);
        a.putChild("echo", new WebSocketResource(request -> new WebSocketResourceTest.Echo(request.getProtocol()
                + " " + (request.isSecure() ? "secure" : "plain") + " " + request.getPath(), null)));
        server = new WebServer(new Site(root), List.of(
                Endpoint.parse("tcp:port=0:interface=127.0.0.1"),
                Endpoint.parse("ssl:0:interface=127.0.0.1:privateKey=" + dir.resolve("key.pem") + ":certKey="
                        + dir.resolve("cert.pem")),
                Endpoint.parse("unix:" + socket)));
        server.start();
        port = server.getUrls().get(0).getPort();
        tlsPort = server.getUrls().get(1).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void tcpOverHttp1() throws Exception {
        assertThat(whoami("ws://127.0.0.1:" + port + "/a/echo")).isEqualTo("HTTP/1.1 plain /a/echo");
    }

    @Test
    void sslOverHttp1() throws Exception {
        assertThat(whoami("wss://localhost:" + tlsPort + "/a/echo"))
                .isEqualTo("HTTP/1.1 secure /a/echo");
    }

    @Test
    void tcpOverHttp2ByPriorKnowledge() throws Exception {
        assertThat(overHttp2("ws://127.0.0.1:" + port + "/a/echo", 1)).containsExactly(echoed("HTTP/2.0 plain /a/echo"));
    }

    @Test
    void sslOverHttp2ByAlpn() throws Exception {
        assertThat(overHttp2("wss://localhost:" + tlsPort + "/a/echo", 1))
                .containsExactly(echoed("HTTP/2.0 secure /a/echo"));
    }

    /**
     * Four clients at once, each opening 40 WebSockets one after the other, half over TLS: every
     * message gets its echo. Requests here reach the context on the thread that read them or,
     * when no spare thread is ready, queued to the pool ({@link DispatchHandler}); either way
     * the stream's data must reach the endpoint.
     */
    @Test
    void manyWebSocketsOverHttp2AtOnceEachGetEveryEcho() throws Exception {
        List<CompletableFuture<List<String>>> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String uri = i % 2 == 0 ? "wss://localhost:" + tlsPort + "/a/echo" : "ws://127.0.0.1:" + port + "/a/echo";
            clients.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return overHttp2(uri, 40);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        for (int i = 0; i < clients.size(); i++) {
            String who = "HTTP/2.0 " + (i % 2 == 0 ? "secure" : "plain") + " /a/echo";
            assertThat(clients.get(i).get(60, TimeUnit.SECONDS)).hasSize(40).containsOnly(echoed(who));
        }
    }

    /**
     * Jetty 12.1 keeps the stream of a WebSocket closed over HTTP/2, and so the connection,
     * until the WebSocket's idle timeout (5 minutes here) unless the endpoint shortens it on
     * close; a graceful stop, which waits for every connection, shows whether it did.
     */
    @Test
    void aClientGoneAfterAWebSocketOverHttp2LeavesNoConnectionBehind() throws Exception {
        Resource root = new Resource();
        root.putChild("echo", new WebSocketResource(request -> new WebSocketResourceTest.Echo("", null)));
        WebServer own = new WebServer(new Site(root), List.of(Endpoint.parse("tcp:port=0:interface=127.0.0.1")));
        own.start();
        try {
            assertThat(overHttp2("ws://127.0.0.1:" + own.getUrls().get(0).getPort() + "/echo", 1))
                    .containsExactly(echoed(""));
            own.stopAccepting().get(20, TimeUnit.SECONDS);
        } finally {
            own.close();
        }
    }

    /** Jetty's client picks its transport before a WebSocket upgrade can name one; Python's can. */
    @Test
    void unixSocketWithPythonWebsockets() throws Exception {
        assertThat(WebSocketPythonClientTest.run("ws://localhost/a/echo", socket))
                .containsExactly(WebSocketPythonClientTest.EVERY_CHECK);
    }

    /** @return what {@code h2_websocket_client.py} prints for a connection to an echo that says {@code who} */
    private static String echoed(String who) {
        return "text hello | binary 3 | text " + who + " | closed 1000";
    }

    /**
     * Runs {@code h2_websocket_client.py}: {@code count} WebSockets over HTTP/2, one after the
     * other, each echoing a text and a binary message, asking "whoami" and closing.
     *
     * @return one line per connection, what the server sent back
     */
    private static List<String> overHttp2(String uri, int count) throws Exception {
        Path script = Path.of(WebSocketEndpointsTest.class.getResource("/h2_websocket_client.py").toURI());
        Process client = new ProcessBuilder("/usr/bin/python3", script.toString(), uri, String.valueOf(count))
                .redirectErrorStream(true).start();
        try {
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("the client ends").isTrue();
            assertThat(client.exitValue()).as(output).isZero();
            return output.lines().toList();
        } finally {
            client.destroyForcibly();
        }
    }

    /**
     * Connects over HTTP/1.1 with Jetty's client, echoes a text and a binary message, asks
     * "whoami", and closes.
     *
     * @param uri where to connect
     * @return what the server said it saw
     */
    private static String whoami(String uri) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client(true));
        HttpClient http = new HttpClient(new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11));
        WebSocketClient client = new WebSocketClient(http);
        client.start();
        try {
            Received received = new Received();
            Session session = client.connect(received, URI.create(uri)).get(15, TimeUnit.SECONDS);
            session.sendText("hello", Callback.NOOP);
            assertThat(received.next()).isEqualTo("hello");
            session.sendBinary(ByteBuffer.wrap(new byte[] {7, 8, 9}), Callback.NOOP);
            assertThat(received.next()).isEqualTo("bytes 3");
            session.sendText("whoami", Callback.NOOP);
            String who = received.next();
            session.close(1000, "done", Callback.NOOP);
            assertThat(received.next()).isEqualTo("closed 1000");
            return who;
        } finally {
            client.stop();
        }
    }

    /** What the client received, as text: messages, "bytes N" for binary ones, "closed CODE". */
    public static final class Received implements Session.Listener.AutoDemanding {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onWebSocketText(String message) {
            events.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            events.add("bytes " + payload.remaining());
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            events.add("closed " + statusCode);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            events.add("error " + cause);
        }

        String next() throws InterruptedException {
            String event = events.poll(15, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("nothing received in 15 s");
            }
            return event;
        }
    }
}
