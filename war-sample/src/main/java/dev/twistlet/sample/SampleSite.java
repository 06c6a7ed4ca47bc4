package dev.twistlet.sample;

import dev.twistlet.web.IResource;
import dev.twistlet.web.NoResource;
import dev.twistlet.web.Resource;
import dev.twistlet.web.encoding.EncodingResourceWrapper;
import dev.twistlet.web.encoding.GzipEncoderFactory;
import dev.twistlet.web.encoding.ZstdEncoderFactory;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.hosting.ServletResource;
import dev.twistlet.web.proxy.ReverseProxyResource;
import dev.twistlet.web.script.ResourceScript;
import dev.twistlet.web.servlet.RootFactory;
import dev.twistlet.web.websocket.WebSocketResource;
import jakarta.servlet.ServletConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The sample's tree, named in {@code web.xml} as {@code TwistletServlet}'s {@code rootFactory}.
 * Every part of Twistlet at a glance; the home page links to each.
 *
 * <p>{@code websocket} and its {@code echo} need the container's Jakarta WebSocket
 * {@code ServerContainer}: Tomcat has it, Jetty 12 with its {@code ee10-websocket-jakarta}
 * module; without it {@code websocket} is a 404 saying so.
 *
 * <p>Context parameters: {@code twistlet.sample.upstream} ({@code host:port}) is where
 * {@code /proxy/} forwards; without it {@code /proxy/} is a 404 saying so.
 */
public class SampleSite implements RootFactory {
    /** The context parameter naming the reverse proxy's upstream, {@code host:port}. */
    public static final String UPSTREAM = "twistlet.sample.upstream";

    /** Builds the tree, once per servlet. */
    @Override
    public IResource createRoot(ServletConfig config) {
        Resource root = new HomePage();
        Resource hello = new Hello();
        hello.putChild("fred", new Hello());
        hello.putChild("bob", new Hello());
        root.putChild("hello", hello);
        root.putChild("forms", new RenderForms());
        root.putChild("session", new SessionCounter());
        root.putChild("gzip", new EncodingResourceWrapper(new LongPage(),
                List.of(new ZstdEncoderFactory(), new GzipEncoderFactory(6))));
        root.putChild("held", new HeldPage());
        root.putChild("boom", new Boom());
        root.putChild("files", files(config));
        root.putChild("websocket", websocket(config));

        ThreadPoolExecutor servlets = ServletResource.pool("sample-servlets", 4, 40);
        root.putChild("legacy", new ServletResource(new LegacyServlet(), servlets));
        root.putChild("api", new ServletResource(ServletContainer.class,
                Map.of("jersey.config.server.provider.classnames", HelloApi.class.getName()), servlets));

        String upstream = config.getServletContext().getInitParameter(UPSTREAM);
        root.putChild("proxy", upstream == null ? new NoResource("No upstream: set the context parameter " + UPSTREAM + ".")
                : new ReverseProxyResource(host(upstream), port(upstream), ""));
        return root;
    }

    /**
     * The WebSocket echo and the page that talks to it, when the container publishes a
     * {@code ServerContainer}. Without one (a Jetty base without {@code ee10-websocket-jakarta})
     * the echo would answer 500; the sample says instead, with a 404, what the deployment lacks.
     */
    private static IResource websocket(ServletConfig config) {
        if (config.getServletContext().getAttribute(WebSocketResource.SERVER_CONTAINER) == null) {
            return new NoResource("No WebSockets: the container publishes no Jakarta WebSocket ServerContainer"
                    + " (Jetty 12 needs its ee10-websocket-jakarta module).");
        }
        Resource page = new WebSocketPage();
        page.putChild("echo", new WebSocketResource(request -> new Echo()));
        return page;
    }

    /** The WAR's {@code WEB-INF/static}, served with listings and {@code .rpy} scripts. */
    private static IResource files(ServletConfig config) {
        String folder = config.getServletContext().getRealPath("/WEB-INF/static");
        if (folder == null) {
            return new NoResource("Static files need the WAR unpacked (the container gives no real path).");
        }
        FileResource files = new FileResource(Path.of(folder));
        files.addProcessor(".rpy", new ResourceScript());
        return files;
    }

    private static String host(String upstream) {
        return upstream.substring(0, upstream.lastIndexOf(':'));
    }

    private static int port(String upstream) {
        return Integer.parseInt(upstream.substring(upstream.lastIndexOf(':') + 1));
    }
}
