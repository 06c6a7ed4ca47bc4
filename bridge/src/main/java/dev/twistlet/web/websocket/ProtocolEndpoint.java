package dev.twistlet.web.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jakarta WebSocket endpoint of one connection, as {@link WebSocketResource} hands it to
 * the container: applies the resource's limits to the session and passes what happens on to
 * the {@link WebSocketProtocol}. Public only because containers require endpoint classes to
 * be; applications do not create it.
 */
public final class ProtocolEndpoint extends Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolEndpoint.class);
    /** The idle timeout a closed session is left with; see {@link #onClose}. */
    private static final long CLOSED_IDLE_TIMEOUT_MILLIS = 1000;

    private final WebSocketProtocol protocol;
    private final WebSocketLimits limits;
    private SessionTransport transport;
    private volatile Throwable error;

    ProtocolEndpoint(WebSocketProtocol protocol, WebSocketLimits limits) {
        this.protocol = protocol;
        this.limits = limits;
    }

    /** Applies the limits, registers the message handlers and starts the protocol. */
    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(limits.maxTextMessageSize());
        session.setMaxBinaryMessageBufferSize(limits.maxBinaryMessageSize());
        session.setMaxIdleTimeout(limits.idleTimeout().toMillis());
        transport = new SessionTransport(session, limits.writeBufferLimit());
        protocol.negotiationStarted(transport);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) protocol::textMessageReceived);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) buffer -> {
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            protocol.bytesMessageReceived(data);
        });
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
            ByteBuffer buffer = pong.getApplicationData();
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            protocol.pongReceived(data);
        });
        protocol.negotiationFinished();
    }

    /** Keeps the error for {@link #onClose}, which the container calls next. */
    @Override
    public void onError(Session session, Throwable thrown) {
        LOG.debug("websocket error", thrown);
        error = thrown;
    }

    /**
     * Fails what is still queued and tells the protocol, once. Also shortens the session's
     * idle timeout: over HTTP/2, Jetty 12.1 keeps a closed WebSocket's stream, and with it the
     * client's connection, until that timeout ends, even after the client has gone.
     */
    @Override
    public void onClose(Session session, CloseReason closeReason) {
        try {
            session.setMaxIdleTimeout(CLOSED_IDLE_TIMEOUT_MILLIS);
        } catch (RuntimeException e) {
            LOG.debug("could not shorten a closed session's idle timeout", e);
        }
        WebSocketClosedException reason = new WebSocketClosedException(
                closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase(), error);
        if (transport != null) {
            transport.closed(reason);
        }
        protocol.connectionLost(reason);
    }
}
