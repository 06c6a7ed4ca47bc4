package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.websocket.WebSocketResource;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
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
 * CONNECT, by prior knowledge on {@code tcp:} and by ALPN on {@code ssl:}), with Jetty's
 * WebSocket client. The echo ({@link WebSocketResourceTest.Echo}) answers "whoami" with what
 * the server saw of the request.
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
        assertThat(whoami(false, "ws://127.0.0.1:" + port + "/a/echo")).isEqualTo("HTTP/1.1 plain /a/echo");
    }

    @Test
    void sslOverHttp1() throws Exception {
        assertThat(whoami(false, "wss://localhost:" + tlsPort + "/a/echo"))
                .isEqualTo("HTTP/1.1 secure /a/echo");
    }

    @Test
    void tcpOverHttp2ByPriorKnowledge() throws Exception {
        assertThat(whoami(true, "ws://127.0.0.1:" + port + "/a/echo")).isEqualTo("HTTP/2.0 plain /a/echo");
    }

    @Test
    void sslOverHttp2ByAlpn() throws Exception {
        assertThat(whoami(true, "wss://localhost:" + tlsPort + "/a/echo"))
                .isEqualTo("HTTP/2.0 secure /a/echo");
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
            whoami(true, "ws://127.0.0.1:" + own.getUrls().get(0).getPort() + "/echo");
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

    /**
     * Connects, echoes a text and a binary message, asks "whoami", and closes.
     *
     * @param http2 whether the client speaks HTTP/2 only, or HTTP/1.1 only
     * @param uri   where to connect
     * @return what the server said it saw
     */
    private static String whoami(boolean http2, String uri) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client(true));
        HttpClient http = new HttpClient(new HttpClientTransportDynamic(connector,
                http2 ? new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector))
                        : HttpClientConnectionFactory.HTTP11));
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
