package dev.twistlet.launcher;

import dev.twistlet.web.servlet.SocketWatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;

/**
 * The {@link SocketWatcher} finder of the launcher's Jetty: the TCP socket an HTTP/1.x
 * request arrived on, found through Jetty 12's own types, so that a change in them breaks
 * the build instead of quietly turning disconnect notices off.
 *
 * <p>Only a plain TCP connection is given: over TLS, HTTP/1.x reads a decrypting end point
 * (an {@code SslConnection}'s), not the socket, and a client's {@code close_notify} would
 * arrive as bytes the watcher takes for a pipelined request; HTTP/2 streams share their
 * connection; a Unix socket has no internet peer. Those are left to Jetty, which reports a
 * client that left at the next write.
 */
final class JettySockets {
    private JettySockets() {
    }

    /**
     * @param request a request of the launcher's servlet context, as the servlet received it
     * @return its connection's socket channel, or {@code null} when it is not to be watched
     */
    static SocketChannel of(HttpServletRequest request) {
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
        if (jetty == null) {
            return null;
        }
        ConnectionMetaData connection = jetty.getConnectionMetaData();
        HttpVersion version = connection.getHttpVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            return null;
        }
        Connection http = connection.getConnection();
        EndPoint endPoint = http == null ? null : http.getEndPoint();
        if (!(endPoint instanceof SocketChannelEndPoint socket)) {
            return null;
        }
        SocketChannel channel = socket.getChannel();
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress ? channel : null;
        } catch (IOException e) {
            return null; // closed already
        }
    }
}
