package dev.twistlet.web.websocket;

import java.util.concurrent.CompletionStage;

/**
 * The sending side of one WebSocket connection (Twisted's {@code WebSocketTransport}). Safe
 * from any thread. Messages go out in the order they were sent, one at a time.
 *
 * <p>Flow control, in place of Twisted's {@code attachProducer}: each send returns a stage
 * that completes once the message was written (or fails when it could not be), and
 * {@link #bufferedAmount()} / {@link #isWritable()} tell a sender how much it has queued, so
 * that it waits for the stages instead of buffering without bound.
 */
public interface WebSocketTransport {

    /**
     * Queues a text message.
     *
     * @param text the message
     * @return completes when the message was written; fails when the connection closed first
     */
    CompletionStage<Void> sendTextMessage(String text);

    /**
     * Queues a binary message.
     *
     * @param data the message; not to be changed until the stage completes
     * @return completes when the message was written; fails when the connection closed first
     */
    CompletionStage<Void> sendBytesMessage(byte[] data);

    /**
     * Sends a ping; the peer's pong arrives at {@link WebSocketProtocol#pongReceived}.
     *
     * @param payload at most 125 bytes of application data
     */
    void ping(byte[] payload);

    /**
     * Closes the connection with {@code code} once the messages queued before are written.
     *
     * @param code the close code, e.g. 1000 (normal) or an application's 4000-4999
     */
    void loseConnection(int code);

    /** Closes the connection normally (1000) once the queued messages are written. */
    default void loseConnection() {
        loseConnection(1000);
    }

    /** @return the bytes of messages queued and not yet written (text counted as UTF-8) */
    long bufferedAmount();

    /**
     * @return {@code true} while the connection is open and {@link #bufferedAmount()} is
     *         below the resource's write buffer limit; a sender that finds it {@code false}
     *         waits for its last send's stage before sending more
     */
    boolean isWritable();

    /** @return {@code true} until the connection is closed or closing */
    boolean isOpen();
}
