package dev.twistlet.bench;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.hosting.ServletResource;
import dev.twistlet.web.servlet.TwistletServlet;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The Jersey peers, one JAX-RS hello at {@code /api/hello} on the launcher's Jetty setup:
 * {@code direct} maps Jersey's {@code ServletContainer} at {@code /api/*} as a web
 * application would; {@code resource} mounts the same application with
 * {@code putChild("api", new ServletResource(...))} under a Twistlet tree, so the ratio is
 * what the bridge costs. Usage: {@code JerseyServer PORT direct|resource}.
 */
public final class JerseyServer {
    private JerseyServer() {
    }

    /** The JAX-RS resource both peers serve. */
    @Path("hello")
    public static class HelloApi {
        /** @return the hello body */
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String hello() {
            return "Hello, world!";
        }
    }

    /**
     * @param args the port on 127.0.0.1, then {@code direct} or {@code resource}
     * @throws Exception when Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        ServletContainer jersey = new ServletContainer(new ResourceConfig(HelloApi.class));
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        ServletHolder holder;
        if (args[1].equals("direct")) {
            holder = new ServletHolder("jersey", jersey);
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/api/*");
        } else {
            Resource root = new Resource();
            root.putChild("api", new ServletResource(jersey, ServletResource.pool("jersey", 32, 1024)));
            holder = new ServletHolder("twistlet", new TwistletServlet(new Site(root)));
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/*");
        }
        PeerServer.run(Integer.parseInt(args[0]), new GracefulHandler(context), "jersey " + args[1]);
    }
}
