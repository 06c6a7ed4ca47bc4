package dev.twistlet.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The reflective socket lookup a WAR's {@link SocketWatcher} uses: it finds Jetty's socket
 * without compiling against Jetty, and says once, per request class, when it cannot see
 * into a container's request. (The log is read from the Jetty logging back end's appender,
 * which every logger shares.)
 */
class ContainerSocketsTest {

    /** A request of a container this lookup does not know. */
    static class OtherContainersRequest extends HttpServletRequestWrapper {
        OtherContainersRequest(HttpServletRequest request) {
            super(request);
        }
    }

    @Test
    void anUnknownContainersRequestIsNotWatchedAndSaidOnce() throws Exception {
        HttpServletRequest inner = mock(HttpServletRequest.class);
        when(inner.getProtocol()).thenReturn("HTTP/1.1");
        String log = logOf(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(ContainerSockets.of(new OtherContainersRequest(inner))).isNull();
            }
        });
        String name = OtherContainersRequest.class.getName();
        assertThat(log.lines().filter(line -> line.contains(name)))
                .as("the log: %s", log).singleElement().asString()
                .contains("INFO").contains("noticed at the next write");
    }

    @Test
    void anotherProtocolIsNotWatchedAndNotLogged() throws Exception {
        HttpServletRequest inner = mock(HttpServletRequest.class);
        when(inner.getProtocol()).thenReturn("HTTP/2.0");
        String log = logOf(() -> assertThat(ContainerSockets.of(new OtherContainersRequest(inner) { })).isNull());
        assertThat(log).doesNotContain(ContainerSocketsTest.class.getName());
    }

    @Test
    void jettysSocketIsFoundWithoutJettysTypes() throws Exception {
        CompletableFuture<Integer> peerPort = new CompletableFuture<>();
        Resource root = new Resource();
        root.putChild("where", new Resource() {
            @Override
            public Object renderGet(Request request) {
                SocketChannel channel = ContainerSockets.of(request.unwrap(ContainerExchange.class).servletRequest());
                try {
                    peerPort.complete(channel == null ? -1 : ((InetSocketAddress) channel.getRemoteAddress()).getPort());
                } catch (IOException e) {
                    peerPort.completeExceptionally(e);
                }
                return "seen";
            }
        });
        try (JettyFixture jetty = JettyFixture.serve(new Site(root));
                Socket socket = jetty.rawRequest("GET /where HTTP/1.1")) {
            assertThat(JettyFixture.readUntil(socket.getInputStream(), "seen")).startsWith("HTTP/1.1 200");
            assertThat(peerPort.get(5, TimeUnit.SECONDS)).isEqualTo(socket.getLocalPort());
        }
    }

    /** @return what the logging back end printed while {@code action} ran */
    private static String logOf(Runnable action) {
        StdErrAppender appender = (StdErrAppender) ((JettyLogger) LoggerFactory.getLogger(ContainerSockets.class))
                .getAppender();
        PrintStream original = appender.getStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        appender.setStream(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            appender.setStream(original);
        }
        return log.toString(StandardCharsets.UTF_8);
    }
}
