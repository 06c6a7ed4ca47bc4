package dev.twistlet.bench;

import java.nio.file.Path;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The out-of-box mode's Jetty peer: the plainest Jetty 12 servlet server, as its
 * documentation sets one up, for running with the JVM's default flags. A {@code Server} with
 * its default thread pool, one {@code ServerConnector}, a {@code ServletContextHandler}
 * without sessions, and one servlet: the hello servlet at every path (the same bytes and
 * headers as {@link BenchRoot.Hello}), or Jetty's {@code DefaultServlet} serving a folder with
 * its default settings. The one setting that is not Jetty's default: no {@code Server} header,
 * so that the answers are byte for byte the launcher's.
 *
 * <p>Usage: {@code PlainJettyServer PORT hello|FOLDER [h2c | tls KEYSTORE.p12 PASSWORD]}, on
 * 127.0.0.1:
 * <ul>
 * <li>no third argument: HTTP/1.1 only ({@code HttpConnectionFactory});</li>
 * <li>{@code h2c}: HTTP/1.1 and HTTP/2 in clear text, by prior knowledge or upgrade
 * ({@code HttpConnectionFactory} and {@code HTTP2CServerConnectionFactory});</li>
 * <li>{@code tls}: TLS with {@code h2} and {@code http/1.1} by ALPN, {@code http/1.1} when the
 * client offers neither ({@code SslConnectionFactory}, {@code ALPNServerConnectionFactory},
 * {@code HTTP2ServerConnectionFactory}, {@code HttpConnectionFactory}, and a
 * {@code SecureRequestCustomizer}).</li>
 * </ul>
 */
public final class PlainJettyServer {
    private PlainJettyServer() {
    }

    /**
     * @param args the port, {@code hello} or the folder to serve, and the protocol (see above)
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PlainJettyServer PORT hello|FOLDER [h2c | tls KEYSTORE.p12 PASSWORD]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String protocol = args.length > 2 ? args[2] : "http";

        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = switch (protocol) {
            case "http" -> new ServerConnector(server, new HttpConnectionFactory(http));
            case "h2c" -> new ServerConnector(server, new HttpConnectionFactory(http),
                    new HTTP2CServerConnectionFactory(http));
            case "tls" -> tls(server, http, Path.of(args[3]), args[4]);
            default -> throw new IllegalArgumentException("protocol " + protocol + ": give h2c or tls, or nothing");
        };
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        String what;
        if (args[1].equals("hello")) {
            context.addServlet(new ServletHolder("hello", new RawServletServer.HelloServlet()), "/*");
            what = "hello servlet";
        } else {
            context.setBaseResource(ResourceFactory.of(context).newResource(Path.of(args[1])));
            context.addServlet(new ServletHolder("default", DefaultServlet.class), "/");
            what = "DefaultServlet on " + args[1];
        }
        server.setHandler(context);
        server.start();
        System.out.println("plain jetty, " + what + ": serving " + (protocol.equals("tls") ? "https" : "http")
                + "://127.0.0.1:" + connector.getLocalPort() + "/ (" + protocol + ")");
        server.join();
    }

    private static ServerConnector tls(Server server, HttpConfiguration plain, Path keyStore, String password) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStorePassword(password);
        HttpConfiguration https = new HttpConfiguration(plain);
        https.addCustomizer(new SecureRequestCustomizer());
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        return new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                new HTTP2ServerConnectionFactory(https), http1);
    }
}
