package dev.twistlet.web.websocket;

import dev.twistlet.web.servlet.ContainerExchange;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;

/**
 * The one place that touches the Jakarta WebSocket API: hands a protocol's endpoint to the
 * container's {@code ServerContainer}. Kept apart from {@link WebSocketResource} so that the
 * resource loads in a container without that API (e.g. a Jetty base without its
 * {@code ee10-websocket-jakarta} module); this class is loaded only once a container is found.
 */
final class ContainerUpgrade {
    private ContainerUpgrade() {
    }

    /**
     * Upgrades the exchange; the container writes the 101 (or its own refusal).
     *
     * @param container the servlet context's {@code ServerContainer}
     * @param exchange  the request and response to upgrade
     * @param protocol  the connection's protocol
     * @param limits    the resource's limits, applied once the connection opens
     * @throws IOException when the container cannot upgrade, or refuses the endpoint
     */
    static void upgrade(Object container, ContainerExchange exchange, WebSocketProtocol protocol,
            WebSocketLimits limits) throws IOException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ProtocolEndpoint.class, "/")
                .configurator(new OneEndpoint(new ProtocolEndpoint(protocol, limits)))
                .build();
        try {
            ((ServerContainer) container).upgradeHttpToWebSocket(exchange.servletRequest(),
                    exchange.servletResponse(), config, Map.of());
        } catch (DeploymentException e) {
            throw new IOException("the container refused the endpoint", e);
        }
    }

    /** Hands the container the endpoint built for this request, whatever class it asks for. */
    private static final class OneEndpoint extends ServerEndpointConfig.Configurator {
        private final Endpoint endpoint;

        OneEndpoint(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(endpoint);
        }
    }
}
