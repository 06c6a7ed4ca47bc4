package dev.twistlet.bench;

import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The proxy scenario's Jetty peer: Jetty's own {@code ProxyServlet.Transparent} in front of
 * the same upstream, on the launcher's Jetty setup. Usage: {@code ProxyServletServer PORT UPSTREAM_PORT}.
 */
public final class ProxyServletServer {
    private ProxyServletServer() {
    }

    /**
     * @param args the port, then the upstream's port, both on 127.0.0.1
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("proxy", new ProxyServlet.Transparent());
        holder.setInitParameter("proxyTo", "http://127.0.0.1:" + args[1]);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        PeerServer.run(Integer.parseInt(args[0]), new GracefulHandler(context), "jetty proxy");
    }
}
