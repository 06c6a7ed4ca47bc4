package dev.twistlet.launcher;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Jetty connector for each kind of {@link Endpoint}. Every one speaks HTTP/1.1 and
 * HTTP/2: {@code tcp:} and {@code unix:} take HTTP/2 by upgrade ({@code h2c}) or with prior
 * knowledge, {@code ssl:} offers {@code h2} and {@code http/1.1} by ALPN. HTTP/1.1 is
 * {@link HeadDeadlineFactory}'s: a request head must arrive whole within a deadline; HTTP/2
 * is {@link Http2Factories}'.
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
                    Http2Factories.h2c(http));
            connector.setAcceptQueueSize(unix.backlog() > 0 ? unix.backlog() : connector.getAcceptQueueSize());
            return connector;
        }
        if (endpoint instanceof SslEndpoint ssl) {
            return tls(server, ssl, http);
        }
        TcpEndpoint tcp = (TcpEndpoint) endpoint;
        ServerConnector connector = new ServerConnector(server, new HeadDeadlineFactory(http),
                Http2Factories.h2c(http));
        bind(connector, tcp.port(), tcp.host(), tcp.backlog());
        return connector;
    }

    /**
     * @param endpoint  where the connector was asked to listen
     * @param connector its started connector
     * @return {@code http://host:port/} or {@code https://host:port/} with the port actually
     *         bound ({@code localhost} for the wildcard address), or {@code unix:PATH}
     */
    static String address(Endpoint endpoint, Connector connector) {
        String host;
        if (endpoint instanceof TcpEndpoint tcp) {
            host = tcp.host();
        } else if (endpoint instanceof SslEndpoint ssl) {
            host = ssl.host();
        } else {
            return "unix:" + ((UnixEndpoint) endpoint).path();
        }
        if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        } else if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        String scheme = endpoint instanceof SslEndpoint ? "https" : "http";
        return scheme + "://" + host + ":" + ((ServerConnector) connector).getLocalPort() + "/";
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
                Http2Factories.h2(https), http1);
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
}
