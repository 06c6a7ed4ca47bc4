package dev.twistlet.web.websocket;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.servlet.ContainerExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leaf that upgrades a GET to a WebSocket (Twisted's {@code WebSocketResource}); each
 * connection gets the protocol its {@link WebSocketServerFactory} builds from the request.
 *
 * <pre>{@code
 * root.putChild("echo", new WebSocketResource(request -> new WebSocketProtocol() {
 *     private WebSocketTransport transport;
 *     public void negotiationStarted(WebSocketTransport t) { transport = t; }
 *     public void textMessageReceived(String text) { transport.sendTextMessage(text); }
 * }));
 * }</pre>
 *
 * <p>The upgrade goes through the Jakarta WebSocket 2.1 {@code ServerContainer} that the
 * container publishes in the servlet context (the {@code twistlet web} launcher installs
 * Jetty's); without one, the answer is 500. This class itself needs no Jakarta WebSocket
 * API: a tree holding one still loads and serves in a container that has none. A GET that is not a WebSocket upgrade gets 400,
 * and a browser from another origin 403 (see {@link #setAllowedOrigins}). Messages above
 * the size limits close the connection with 1009.
 */
public class WebSocketResource extends Resource {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketResource.class);

    /** The servlet context attribute under which a container publishes its {@code ServerContainer}. */
    public static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";
    /** Default largest text message, in bytes: 64 KiB. */
    public static final int DEFAULT_MAX_TEXT_MESSAGE_SIZE = 64 * 1024;
    /** Default largest binary message, in bytes: 1 MiB. */
    public static final int DEFAULT_MAX_BINARY_MESSAGE_SIZE = 1024 * 1024;
    /** Default idle timeout: 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Default write buffer limit, above which {@link WebSocketTransport#isWritable()} is false: 1 MiB. */
    public static final long DEFAULT_WRITE_BUFFER_LIMIT = 1024 * 1024;

    private final WebSocketServerFactory factory;
    private volatile List<String> allowedOrigins = List.of();
    private volatile int maxTextMessageSize = DEFAULT_MAX_TEXT_MESSAGE_SIZE;
    private volatile int maxBinaryMessageSize = DEFAULT_MAX_BINARY_MESSAGE_SIZE;
    private volatile Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private volatile long writeBufferLimit = DEFAULT_WRITE_BUFFER_LIMIT;

    /**
     * @param factory builds the protocol of each connection
     */
    public WebSocketResource(WebSocketServerFactory factory) {
        this.factory = factory;
    }

    /** @return {@code true}: the WebSocket is everything below where it is mounted */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * Widens the origin check: besides the same origin, these may connect.
     *
     * @param origins as {@code scheme://host[:port]} (e.g. {@code https://app.example}), or
     *                {@code "*"} for any origin
     */
    public void setAllowedOrigins(List<String> origins) {
        this.allowedOrigins = List.copyOf(origins);
    }

    /** @param bytes the largest text message accepted; default {@value #DEFAULT_MAX_TEXT_MESSAGE_SIZE} */
    public void setMaxTextMessageSize(int bytes) {
        this.maxTextMessageSize = positive(bytes);
    }

    /** @param bytes the largest binary message accepted; default {@value #DEFAULT_MAX_BINARY_MESSAGE_SIZE} */
    public void setMaxBinaryMessageSize(int bytes) {
        this.maxBinaryMessageSize = positive(bytes);
    }

    /** @param timeout how long a connection may be silent before it is closed; default 5 minutes */
    public void setIdleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
    }

    /** @param bytes queued bytes above which {@link WebSocketTransport#isWritable()} turns false */
    public void setWriteBufferLimit(long bytes) {
        this.writeBufferLimit = bytes;
    }

    /**
     * Sends an HTTP/2 {@code CONNECT} (RFC 8441's extended CONNECT, which a servlet sees as
     * {@code CONNECT} with a {@code Sec-WebSocket-Version}) to the upgrade; every other
     * method goes where {@link Resource#render} sends it.
     */
    @Override
    public Object render(Request request) {
        if ("CONNECT".equals(request.getMethod()) && request.getProtocol().startsWith("HTTP/2")) {
            return upgrade(request, request.getHeader("Sec-WebSocket-Version") != null);
        }
        return super.render(request);
    }

    /** Upgrades an HTTP/1.1 GET, or answers 400, 403 or 500 when it cannot. */
    @Override
    public Object renderGet(Request request) {
        return upgrade(request, isUpgrade(request));
    }

    private Object upgrade(Request request, boolean asksForWebSocket) {
        if (!asksForWebSocket) {
            request.writeError(400, "Bad Request", "websocket protocol negotiation error");
            return IResource.NOT_DONE_YET;
        }
        if (!OriginCheck.allows(request.getHeader("Origin"), request.getHeader("Host"), request.isSecure(),
                allowedOrigins)) {
            request.writeError(403, "Forbidden", "websocket connections from this origin are not allowed");
            return IResource.NOT_DONE_YET;
        }
        ContainerExchange exchange = request.unwrap(ContainerExchange.class);
        Object container = exchange == null ? null
                : exchange.servletRequest().getServletContext().getAttribute(SERVER_CONTAINER);
        if (container == null) {
            LOG.error("{} {}: no Jakarta WebSocket ServerContainer in the servlet context", request.getMethod(),
                    request.getUri());
            request.writeError(500, "Internal Server Error", "this server does not support websockets");
            return IResource.NOT_DONE_YET;
        }
        WebSocketProtocol protocol = factory.buildProtocol(request);
        if (protocol == null) {
            request.writeError(403, "Forbidden", "websocket connection refused");
            return IResource.NOT_DONE_YET;
        }
        request.handOver();
        try {
            ContainerUpgrade.upgrade(container, exchange, protocol,
                    new WebSocketLimits(maxTextMessageSize, maxBinaryMessageSize, idleTimeout, writeBufferLimit));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {}: websocket upgrade failed", request.getMethod(), request.getUri(), e);
            request.writeError(500, "Internal Server Error", "websocket upgrade failed");
            return IResource.NOT_DONE_YET;
        }
        request.finish();
        return IResource.NOT_DONE_YET;
    }

    private static boolean isUpgrade(Request request) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.trim().toLowerCase(Locale.ROOT).equals("websocket")) {
            return false;
        }
        for (String connection : request.getHeaders("Connection")) {
            for (String token : connection.split(",")) {
                if (token.trim().equalsIgnoreCase("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int positive(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a message size limit must be positive: " + bytes);
        }
        return bytes;
    }
}
