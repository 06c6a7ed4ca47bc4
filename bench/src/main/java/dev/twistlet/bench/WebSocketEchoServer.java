package dev.twistlet.bench;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The websocket-echo scenario's peer: a plain Jakarta WebSocket {@code @ServerEndpoint} at
 * {@code /echo} that answers every text message with itself, on Jetty 12 ee10's Jakarta
 * WebSocket container in a context set up as the launcher's (sessions on, graceful
 * handler), so the ratio is what {@code WebSocketResource} costs over the container's own
 * endpoint. Usage: {@code WebSocketEchoServer PORT async|return|endpoint}: {@code async}
 * sends on the async remote, as {@code WebSocketResource}'s transport does (the scenario's
 * peer); {@code return} returns the message from {@code @OnMessage}, the tutorials' echo,
 * which Jetty sends with a blocking {@code getBasicRemote().sendObject}; {@code endpoint} is
 * no {@code @ServerEndpoint} but a programmatic {@code Endpoint} with a
 * {@code MessageHandler.Whole}, as {@code WebSocketResource}'s own, without the
 * resource's transport: Jetty calls annotated methods through method handles, so only this
 * one measures the transport's cost alone.
 */
public final class WebSocketEchoServer {
    private WebSocketEchoServer() {
    }

    /** The echo as the Jakarta WebSocket tutorials write it: the returned string is sent back. */
    @ServerEndpoint("/echo")
    public static class Echo {
        /**
         * @param message a whole text message
         * @return the same message, which the container sends
         */
        @OnMessage
        public String echo(String message) {
            return message;
        }

        /**
         * A connection's error, which the container would otherwise log as unhandled; as
         * {@code WebSocketResource}, which logs it at debug level.
         *
         * @param error what ended the connection
         */
        @OnError
        public void error(Throwable error) {
        }
    }

    /** The echo sent as WebSocketResource's transport sends: on the async remote. */
    @ServerEndpoint("/echo")
    public static class AsyncEcho {
        /**
         * @param message a whole text message
         * @param session its connection
         */
        @OnMessage
        public void echo(String message, Session session) {
            session.getAsyncRemote().sendText(message);
        }

        /** @param error what ended the connection; as {@link Echo#error} */
        @OnError
        public void error(Throwable error) {
        }
    }

    /** The echo as a programmatic endpoint, the Jakarta API {@code WebSocketResource} uses. */
    public static class EchoEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            RemoteEndpoint.Async remote = session.getAsyncRemote();
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) remote::sendText);
        }
    }

    /**
     * @param args the port on 127.0.0.1, then {@code async}, {@code return} or {@code endpoint}
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        String mode = args[1];
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            switch (mode) {
                case "async" -> container.addEndpoint(AsyncEcho.class);
                case "return" -> container.addEndpoint(Echo.class);
                case "endpoint" -> container.addEndpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class,
                        "/echo").build());
                default -> throw new IllegalArgumentException("async, return or endpoint, not " + mode);
            }
        });
        PeerServer.run(Integer.parseInt(args[0]), new GracefulHandler(context), "jakarta websocket echo");
    }
}
