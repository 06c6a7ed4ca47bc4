package dev.twistlet.web.distrib;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.TwistletServlet;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/** A personal server for the tests: a Site served by Jetty on a Unix domain socket. */
final class UnixSocketSite implements AutoCloseable {
    private final Server server = new Server();

    UnixSocketSite(Site site, Path socket) throws Exception {
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory());
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(new TwistletServlet(site));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
