package dev.twistlet.launcher;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Site;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twistlet web}: serves a resource tree over HTTP until SIGTERM or SIGINT, the
 * counterpart of {@code twistd web}.
 */
@Command(name = "web", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Serve a resource tree over HTTP, as 'twistd web' does.")
public final class WebCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "ENDPOINT",
            description = "Add an endpoint to listen on: tcp:PORT or tcp:port=PORT:interface=ADDR:backlog=N. "
                    + "Repeatable. Default: tcp:8080.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT",
            description = "(deprecated: use --listen) Port number or endpoint string to listen on.")
    String port;

    @Option(names = "--class", paramLabel = "FQCN",
            description = "Serve a new instance of this resource class (public, with a no-argument constructor) as the root.")
    String className;

    @Option(names = "--classpath", paramLabel = "PATHS",
            description = "Jars and folders, separated by '${sys:path.separator}', where --class is looked up.")
    String classpath;

    @Option(names = "--session-cookie", paramLabel = "NAME",
            description = "Name of the session cookie. Default: " + WebServer.DEFAULT_SESSION_COOKIE + ".")
    String sessionCookie;

    @Option(names = "--display-tracebacks",
            description = "Show stack traces on 500 pages (off by default: tracebacks are logged only).")
    boolean displayTracebacks;

    private final PrintStream out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /** A command printing its notices to {@code System.out}. */
    public WebCommand() {
        this(System.out);
    }

    WebCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        List<Endpoint> endpoints = endpoints();
        if (className == null) {
            throw new UsageException("nothing to serve: give --class FQCN");
        }
        ResourceClassLoader classes = new ResourceClassLoader(classpath);
        IResource root = classes.resource(className);
        Site site = new Site(root);
        site.setDisplayTracebacks(displayTracebacks);
        WebServer server = new WebServer(site, endpoints);
        server.setClassLoader(classes.loader());
        if (sessionCookie != null) {
            server.setSessionCookieName(sessionCookie);
        }
        try {
            server.start();
        } catch (Exception e) {
            server.close();
            BindException busy = bindException(e);
            if (busy == null) {
                throw e;
            }
            throw new UsageException("cannot listen on " + endpoints.stream().map(Endpoint::spec)
                    .reduce((a, b) -> a + ", " + b).orElse("") + ": " + busy.getMessage());
        }
        Signals.onStop(stopRequested::countDown);
        for (URI url : server.getUrls()) {
            out.println("twistlet web: serving " + url);
        }
        out.flush();
        stopRequested.await();
        out.println("twistlet web: stopping");
        server.close();
        return 0;
    }

    private List<Endpoint> endpoints() {
        List<String> specs = new ArrayList<>(listen);
        if (port != null) {
            System.err.println("twistlet web: --port is deprecated; use --listen");
            specs.add(port.chars().allMatch(Character::isDigit) ? "tcp:" + port : port);
        }
        if (specs.isEmpty()) {
            specs.add("tcp:8080");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String spec : specs) {
            try {
                endpoints.add(Endpoint.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return endpoints;
    }

    private static BindException bindException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }
}
