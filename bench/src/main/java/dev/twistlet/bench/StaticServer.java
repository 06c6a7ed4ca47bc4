package dev.twistlet.bench;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The static-file peer: Jetty 12 ee10's own {@code DefaultServlet} serving a folder, on a
 * server set up as the launcher's. Usage: {@code StaticServer PORT FOLDER}.
 */
public final class StaticServer {
    private StaticServer() {
    }

    /**
     * @param args the port on 127.0.0.1 and the folder to serve
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.setBaseResource(ResourceFactory.of(context).newResource(Path.of(args[1])));
        ServletHolder holder = new ServletHolder("default", DefaultServlet.class);
        holder.setInitParameter("dirAllowed", "true");
        context.addServlet(holder, "/");
        PeerServer.run(Integer.parseInt(args[0]), new GracefulHandler(context), "jetty DefaultServlet on " + args[1]);
    }
}
