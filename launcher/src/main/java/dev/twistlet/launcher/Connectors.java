package dev.twistlet.launcher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Jetty connector for each kind of {@link Endpoint}. Every one speaks HTTP/1.1 and
 * HTTP/2: {@code tcp:} and {@code unix:} take HTTP/2 by upgrade ({@code h2c}) or with prior
 * knowledge, {@code ssl:} offers {@code h2} and {@code http/1.1} by ALPN. HTTP/1.1 is
 * {@link HeadDeadlineFactory}'s: a request head must arrive whole within a deadline.
 */
final class Connectors {
    private Connectors() {
    }

    /**
     * @param server   the server the connector belongs to
     * @param endpoint where it listens
     * @param http     the HTTP settings shared by every connector
     * @return the connector, not yet added to the server; a Unix one still needs its path
     * @throws UsageException when an {@code ssl:} endpoint's keys cannot be used
     */
    static AbstractConnector create(Server server, Endpoint endpoint, HttpConfiguration http) {
        if (endpoint instanceof UnixEndpoint unix) {
            UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HeadDeadlineFactory(http),
                    new HTTP2CServerConnectionFactory(http));
            connector.setAcceptQueueSize(unix.backlog() > 0 ? unix.backlog() : connector.getAcceptQueueSize());
            return connector;
        }
        if (endpoint instanceof SslEndpoint ssl) {
            return tls(server, ssl, http);
        }
        TcpEndpoint tcp = (TcpEndpoint) endpoint;
        ServerConnector connector = new ServerConnector(server, new HeadDeadlineFactory(http),
                new HTTP2CServerConnectionFactory(http));
        bind(connector, tcp.port(), tcp.host(), tcp.backlog());
        return connector;
    }

    private static ServerConnector tls(Server server, SslEndpoint ssl, HttpConfiguration plain) {
        TlsKeys.Loaded keys = TlsKeys.load(ssl);
        SslContextFactory.Server context = new SslContextFactory.Server();
        context.setKeyStore(keys.keyStore());
        context.setKeyStorePassword(keys.password());
        context.setKeyManagerPassword(keys.password());
        context.setCipherComparator(HTTP2Cipher.COMPARATOR);

        HttpConfiguration https = new HttpConfiguration(plain);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // As Twisted: a certificate for one name still serves requests for another.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory http1 = new HeadDeadlineFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(context, alpn.getProtocol()), alpn,
                new HTTP2ServerConnectionFactory(https), http1);
        bind(connector, ssl.port(), ssl.host(), ssl.backlog());
        return connector;
    }

    private static void bind(ServerConnector connector, int port, String host, int backlog) {
        connector.setPort(port);
        connector.setHost(host);
        if (backlog > 0) {
            connector.setAcceptQueueSize(backlog);
        }
    }

    /**
     * HTTP/1.1 whose request heads must arrive whole within a deadline: from the first byte
     * of a head (a blank line before a request line counts) to its last, whatever the pace.
     * Jetty 12 has no such setting: its idle timeout starts again at every byte, so a head
     * trickled a byte at a time would hold its connection for ever. Past the deadline the
     * client gets {@code 408 Request Timeout} and the connection is closed, with no log line.
     * The deadline rides on the connection's idle timeout, shortened while a head is under
     * way to the time the head has left and given back once the head is whole, so it needs
     * no timer of its own. Connections waiting between requests are the idle timeout's.
     *
     * <p>Built on Jetty's own HTTP/1.1 connection ({@code org.eclipse.jetty.server.internal},
     * public but not an API): {@link #newConnection} does what Jetty 12.1's does, with that
     * connection's subclass. Check both on a Jetty upgrade; {@code HostileClientsIT} shows
     * whether the deadline still holds.
     */
    static final class HeadDeadlineFactory extends HttpConnectionFactory {
        private volatile long deadlineNanos;

        HeadDeadlineFactory(HttpConfiguration http) {
            super(http);
        }

        /** @param deadline how long a request head may take, or zero for no deadline */
        void setDeadline(Duration deadline) {
            if (deadline.isNegative()) {
                throw new IllegalArgumentException("a negative deadline: " + deadline);
            }
            deadlineNanos = deadline.toNanos();
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            long deadline = deadlineNanos;
            if (deadline <= 0) {
                return super.newConnection(connector, endPoint);
            }
            HeadDeadlineConnection connection = new HeadDeadlineConnection(getHttpConfiguration(), connector, endPoint,
                    deadline);
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }

    /** Jetty's HTTP/1.1 connection with {@link HeadDeadlineFactory}'s deadline. */
    private static final class HeadDeadlineConnection extends HttpConnection {
        private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 16\r\nConnection: close\r\n\r\nRequest Timeout\n").getBytes(StandardCharsets.US_ASCII);

        /** Guards the head's state between the thread parsing it and the idle timeout's. */
        private final Object lock = new Object();
        private final long deadlineNanos;
        /** When the head under way began ({@link System#nanoTime()}); meaningful while {@link #inHead}. */
        private long headBegan;
        private boolean inHead;
        /** When the last head was completed; read by the idle timeout's thread. */
        private volatile long headEnded = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
        private boolean expired;
        /** The idle timeout to give back once the head is whole. */
        private long idleTimeout;

        HeadDeadlineConnection(HttpConfiguration http, Connector connector, EndPoint endPoint, long deadlineNanos) {
            super(http, connector, endPoint);
            this.deadlineNanos = deadlineNanos;
        }

        /**
         * Jetty's parser, configured as Jetty configures it, that tells the connection after each
         * parse whether a head is under way. Called from Jetty's constructor, before this class's
         * fields are set; the parser reads them only when it parses.
         */
        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            HttpParser stock = super.newHttpParser(compliance);
            HttpParser parser = new HttpParser((HttpParser.RequestHandler) stock.getHandler(),
                    getHttpConfiguration().getRequestHeaderSize(), compliance) {
                @Override
                public boolean parseNext(ByteBuffer buffer) {
                    if (!inHeaderState()) {
                        return super.parseNext(buffer);
                    }
                    synchronized (lock) {
                        if (expired) {
                            BufferUtil.clear(buffer);
                            return false;
                        }
                        int before = buffer.remaining();
                        boolean handle = super.parseNext(buffer);
                        parsed(this, buffer.remaining() != before);
                        return handle;
                    }
                }
            };
            parser.setHeaderCacheSize(stock.getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(stock.isHeaderCacheCaseSensitive());
            return parser;
        }

        /** Starts, shortens or ends the head's deadline after a parse; holds {@link #lock}. */
        private void parsed(HttpParser parser, boolean consumed) {
            EndPoint endPoint = getEndPoint();
            if (!parser.inHeaderState()) {
                if (inHead) {
                    inHead = false;
                    headEnded = System.nanoTime();
                    endPoint.setIdleTimeout(idleTimeout);
                }
                return;
            }
            if (!inHead && !consumed && parser.isStart()) {
                return;
            }
            long now = System.nanoTime();
            if (!inHead) {
                inHead = true;
                headBegan = now;
                idleTimeout = endPoint.getIdleTimeout();
            }
            long left = TimeUnit.NANOSECONDS.toMillis(headBegan + deadlineNanos - now);
            // At 0 ms left the idle timeout's next check expires the head at once.
            endPoint.setIdleTimeout(Math.max(1, idleTimeout > 0 ? Math.min(idleTimeout, left) : left));
        }

        @Override
        public boolean onIdleExpired(TimeoutException timeout) {
            boolean expire;
            boolean again;
            synchronized (lock) {
                again = expired;
                expire = inHead && !expired;
                expired |= expire;
            }
            if (again) {
                // The 408 could not even be written within an idle period: Jetty closes.
                return super.onIdleExpired(timeout);
            }
            EndPoint endPoint = getEndPoint();
            if (expire) {
                endPoint.setIdleTimeout(idleTimeout > 0 ? idleTimeout : TimeUnit.SECONDS.toMillis(30));
                endPoint.write(Callback.from(() -> {
                    endPoint.shutdownOutput();
                    endPoint.close();
                }, endPoint::close), ByteBuffer.wrap(TIMEOUT));
                return false;
            }
            if (System.nanoTime() - headEnded < TimeUnit.MILLISECONDS.toNanos(endPoint.getIdleTimeout())) {
                // Meant for a head completed meanwhile, whose idle timeout was given back.
                return false;
            }
            return super.onIdleExpired(timeout);
        }
    }
}
