package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.websocket.WebSocketClosedException;
import dev.twistlet.web.websocket.WebSocketProtocol;
import dev.twistlet.web.websocket.WebSocketResource;
import dev.twistlet.web.websocket.WebSocketTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketResource} under {@link WebServer} with an
 * independent client: Debian's {@code python3-websockets}, running
 * {@code websockets_client.py} (text, a 1 MiB binary message, a fragmented message, a ping,
 * a close with 4001), which prints what it saw, line by line.
 */
class WebSocketPythonClientTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** What the script prints when every check passed against an echo. */
    static final String[] EVERY_CHECK = {"text hello", "binary 1048576 same", "fragmented fragmented", "pong ok",
        "closed 4001", "done"};

    @Test
    void pythonWebsocketsEchoesFragmentsPingsAndClosesWith4001() throws Exception {
        BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();
        Resource root = new Resource();
        root.putChild("echo", new WebSocketResource(request -> new WebSocketProtocol() {
            private WebSocketTransport transport;

            @Override
            public void negotiationStarted(WebSocketTransport transport) {
                this.transport = transport;
            }

            @Override
            public void textMessageReceived(String text) {
                transport.sendTextMessage(text);
            }

            @Override
            public void bytesMessageReceived(byte[] data) {
                transport.sendBytesMessage(data);
            }

            @Override
            public void connectionLost(Throwable reason) {
                lost.add(reason);
            }
        }));
        try (Served served = Served.site(new Site(root))) {
            assertThat(run("ws://127.0.0.1:" + served.port() + "/echo", null)).containsExactly(EVERY_CHECK);
            Throwable reason = lost.poll(10, TimeUnit.SECONDS);
            assertThat(reason).isInstanceOf(WebSocketClosedException.class);
            assertThat(((WebSocketClosedException) reason).getCode()).isEqualTo(4001);
        }
    }

    /**
     * Runs {@code websockets_client.py} against an echo.
     *
     * @param uri        the WebSocket URI
     * @param unixSocket a Unix socket to connect to instead of the URI's host, or {@code null}
     * @return what it printed, line by line, once it exited with 0
     */
    static List<String> run(String uri, Path unixSocket) throws Exception {
        Path script = Path.of(WebSocketPythonClientTest.class.getResource("/websockets_client.py").toURI());
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), uri));
        if (unixSocket != null) {
            command.add(unixSocket.toString());
        }
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("the client ends").isTrue();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.exitValue()).as(output).isZero();
            return output.lines().toList();
        } finally {
            client.destroyForcibly();
        }
    }
}
