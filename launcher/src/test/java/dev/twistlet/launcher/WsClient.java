package dev.twistlet.launcher;

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

/** A JDK WebSocket client for tests: every whole message, pong and close lands in a queue. */
final class WsClient implements WebSocket.Listener {
    /** What the client received: a text, bytes, a pong's payload, or a close code. */
    record Event(String kind, String text, byte[] bytes, int code) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private WebSocket socket;

    static WsClient connect(int port, String path) throws Exception {
        return connect(port, path, null, null);
    }

    static WsClient connect(int port, String path, String header, String value) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HttpClient.newBuilder().build().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        if (header != null) {
            builder.header(header, value);
        }
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client)
                .get(15, TimeUnit.SECONDS);
        return client;
    }

    WebSocket socket() {
        return socket;
    }

    Event next() throws InterruptedException {
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
}
