package dev.twistlet.web.websocket;

/**
 * What happens on one WebSocket connection (Twisted's {@code WebSocketProtocol}); every
 * method has a default that does nothing, so a protocol overrides only what it uses.
 *
 * <p>The container calls these one at a time for a connection, in order:
 * {@link #negotiationStarted}, {@link #negotiationFinished}, then messages and pongs, then
 * {@link #connectionLost} once.
 */
public interface WebSocketProtocol {

    /**
     * The upgrade has been accepted and the connection is open; {@code transport} is how this
     * protocol sends. Called before any message is delivered.
     *
     * @param transport the connection's sending side
     */
    default void negotiationStarted(WebSocketTransport transport) {
    }

    /** Called right after {@link #negotiationStarted}, once message delivery is set up. */
    default void negotiationFinished() {
    }

    /**
     * A whole text message arrived (fragments are joined first).
     *
     * @param text the message
     */
    default void textMessageReceived(String text) {
    }

    /**
     * A whole binary message arrived (fragments are joined first).
     *
     * @param data the message; the protocol owns the array
     */
    default void bytesMessageReceived(byte[] data) {
    }

    /**
     * A pong arrived, in answer to {@link WebSocketTransport#ping} or unsolicited.
     *
     * @param payload its application data
     */
    default void pongReceived(byte[] payload) {
    }

    /**
     * The connection is closed, by either side or by an error; called once, last.
     *
     * @param reason a {@link WebSocketClosedException} with the close code and reason; its
     *               cause is the error that ended the connection, if any
     */
    default void connectionLost(Throwable reason) {
    }
}
