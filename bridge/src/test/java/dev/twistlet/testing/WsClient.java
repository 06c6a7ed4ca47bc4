package dev.twistlet.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's WebSocket client for tests: every whole message, pong, close and error lands in
 * a queue that {@link #next()} reads.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    /**
     * What arrived.
     *
     * @param kind  {@code text}, {@code bytes}, {@code pong}, {@code close} or {@code error}
     * @param text  the text, the close reason, or the error
     * @param bytes the binary message or the pong's payload
     * @param code  the close code
     */
    public record Event(String kind, String text, byte[] bytes, int code) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private WebSocket socket;

    /**
     * @param port a port on 127.0.0.1
     * @param path where the WebSocket is
     * @return a client whose handshake succeeded
     * @throws Exception when the handshake fails or takes more than 15 s
     */
    public static WsClient connect(int port, String path) throws Exception {
        return connect(URI.create("ws://127.0.0.1:" + port + path), null, null);
    }

    /**
     * @param port   a port on 127.0.0.1
     * @param path   where the WebSocket is
     * @param header a header to send with the handshake
     * @param value  its value
     * @return a client whose handshake succeeded
     * @throws Exception when the handshake fails or takes more than 15 s
     */
    public static WsClient connect(int port, String path, String header, String value) throws Exception {
        return connect(URI.create("ws://127.0.0.1:" + port + path), header, value);
    }

    /**
     * @param url {@code ws://host:port/path}
     * @return a client whose handshake succeeded
     * @throws Exception when the handshake fails or takes more than 15 s
     */
    public static WsClient connect(URI url) throws Exception {
        return connect(url, null, null);
    }

    private static WsClient connect(URI url, String header, String value) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        if (header != null) {
            builder.header(header, value);
        }
        client.socket = builder.buildAsync(url, client).get(15, TimeUnit.SECONDS);
        return client;
    }

    /** @return the JDK's socket, to send on */
    public WebSocket socket() {
        return socket;
    }

    /**
     * @return the next event, waiting at most 15 s for it
     * @throws InterruptedException when interrupted while waiting
     */
    public Event next() throws InterruptedException {
        Event event = events.poll(15, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("nothing received in 15 s");
        }
        return event;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            events.add(new Event("text", text.toString(), null, 0));
            text.setLength(0);
        }
        return null;
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        bytes.writeBytes(part);
        if (last) {
            events.add(new Event("bytes", null, bytes.toByteArray(), 0));
            bytes.reset();
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        events.add(new Event("pong", null, payload, 0));
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add(new Event("close", reason, null, statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add(new Event("error", String.valueOf(error), null, -1));
    }

    /** Drops the connection if a test left it open. */
    @Override
    public void close() {
        socket.abort();
    }
}
