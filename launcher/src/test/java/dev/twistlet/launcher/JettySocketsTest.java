package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.ConnectionLostException;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.ContainerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's socket finder, written against Jetty's types: it finds the very socket a
 * plain HTTP/1.1 client is on, so a client that leaves a held response is noticed at once,
 * with nothing written; over TLS it finds none, and Jetty is left to notice at the next
 * write, as before.
 */
class JettySocketsTest {

    /** Holds its response without writing a byte; tells what the finder found, and how the response ended. */
    static final class Held extends Resource {
        /** The peer port of the socket {@link JettySockets} found, or -1 for none. */
        final CompletableFuture<Integer> foundPeerPort = new CompletableFuture<>();
        final CompletableFuture<String> finished = new CompletableFuture<>();
        volatile Request held;

        @Override
        public Object renderGet(Request request) {
            held = request;
            SocketChannel channel = JettySockets.of(request.unwrap(ContainerExchange.class).servletRequest());
            try {
                foundPeerPort.complete(channel == null ? -1 : ((InetSocketAddress) channel.getRemoteAddress()).getPort());
            } catch (IOException e) {
                foundPeerPort.completeExceptionally(e);
            }
            request.notifyFinish().whenComplete((ok, error) ->
                    finished.complete(error == null ? "finished normally" : error.getClass().getSimpleName()));
            return NOT_DONE_YET;
        }
    }

    @Test
    void aClientThatLeavesAHeldResponseIsNoticedWithoutAnyWrite() throws Exception {
        Held resource = new Held();
        try (Served jetty = Served.site(new Site(ExampleResourceTest.under("held", resource)))) {
            try (Socket socket = new Socket("127.0.0.1", jetty.port())) {
                socket.getOutputStream().write("GET /held HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(resource.foundPeerPort.get(5, TimeUnit.SECONDS))
                        .as("the peer port of the socket Jetty's types lead to").isEqualTo(socket.getLocalPort());
            }
            long closed = System.nanoTime();
            assertThat(resource.finished.get(2, TimeUnit.SECONDS)).isEqualTo(ConnectionLostException.class.getSimpleName());
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aTlsConnectionIsLeftToJetty(@TempDir Path dir) throws Exception {
        HostileClientsIT.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
        Held resource = new Held();
        WebServer server = new WebServer(new Site(ExampleResourceTest.under("held", resource)), List.of(Endpoint.parse(
                "ssl:0:interface=127.0.0.1:privateKey=" + dir.resolve("key.pem") + ":certKey=" + dir.resolve("cert.pem"))));
        server.start();
        try {
            SSLContext tls = TrustingTls.context();
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1",
                    server.getUrls().get(0).getPort())) {
                socket.setSoTimeout(10_000);
                socket.setSSLParameters(http11(socket));
                OutputStream out = socket.getOutputStream();
                out.write("GET /held HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(resource.foundPeerPort.get(5, TimeUnit.SECONDS)).as("no socket to watch over TLS").isEqualTo(-1);
                resource.held.write("done");
                resource.held.finish();
                InputStream in = socket.getInputStream();
                assertThat(Served.readUntil(in, "done")).startsWith("HTTP/1.1 200");
            }
            assertThat(resource.finished.get(5, TimeUnit.SECONDS)).isEqualTo("finished normally");
        } finally {
            server.close();
        }
    }

    /** Offers HTTP/1.1 alone by ALPN, so the request is not served over HTTP/2. */
    private static SSLParameters http11(SSLSocket socket) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        return parameters;
    }
}
