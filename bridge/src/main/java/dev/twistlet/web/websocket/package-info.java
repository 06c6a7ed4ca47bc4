/**
 * WebSockets in the resource tree, the counterpart of Twisted's {@code twisted.web.websocket}:
 * a {@link dev.twistlet.web.websocket.WebSocketResource} mounted anywhere upgrades a GET to a
 * WebSocket through the container's Jakarta WebSocket 2.1 {@code ServerContainer}, and a
 * {@link dev.twistlet.web.websocket.WebSocketServerFactory} builds, from the request, the
 * {@link dev.twistlet.web.websocket.WebSocketProtocol} that receives the messages and sends
 * through its {@link dev.twistlet.web.websocket.WebSocketTransport}.
 *
 * <p>Nothing here names a container: the upgrade is the standard API's, so it works on any
 * container that publishes a {@code ServerContainer} in its servlet context.
 */
package dev.twistlet.web.websocket;
