package dev.twistlet.it;

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

/** The JDK's WebSocket client for the WAR suite: every whole message and the close land in a queue. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    /** What arrived: {@code text} (with its text), {@code bytes}, {@code close} (with its code) or {@code error}. */
    record Event(String kind, String text, byte[] bytes, int code) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private WebSocket socket;

    /**
     * @param url {@code ws://host:port/path}
     * @return a client whose handshake succeeded
     * @throws Exception when the handshake fails or takes more than 15 s
     */
    static WsClient connect(URI url) throws Exception {
        WsClient client = new WsClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, client).get(15, TimeUnit.SECONDS);
        return client;
    }

    WebSocket socket() {
        return socket;
    }

    /** @return the next event, waiting at most 15 s for it */
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
