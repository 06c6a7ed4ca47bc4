package dev.twistlet.web.websocket;

import dev.twistlet.web.Request;

/**
 * Builds the protocol for each WebSocket a {@link WebSocketResource} accepts (Twisted's
 * {@code WebSocketServerFactory}).
 *
 * <pre>{@code
 * new WebSocketResource(request -> new EchoProtocol())
 * }</pre>
 */
@FunctionalInterface
public interface WebSocketServerFactory {

    /**
     * Called on the request that asks for the upgrade, before it happens, so the protocol can
     * keep what it needs of the request: path, headers, session, client address.
     *
     * @param request the upgrade request
     * @return the protocol for this connection, or {@code null} to refuse it (403)
     */
    WebSocketProtocol buildProtocol(Request request);
}
