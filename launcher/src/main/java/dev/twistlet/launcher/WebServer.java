package dev.twistlet.launcher;

import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.observe.LauncherMetrics;
import dev.twistlet.web.servlet.SocketWatcher;
import dev.twistlet.web.servlet.TwistletServlet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee10.websocket.servlet.WebSocketUpgradeFilter;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.session.HouseKeeper;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded Jetty 12 serving one {@link Site} through {@link TwistletServlet}, on one
 * connector per {@link Endpoint}. Percent-encoded slashes reach the resource tree inside
 * their segment, as in Twisted. Sessions use a cookie named {@value #DEFAULT_SESSION_COOKIE}
 * that is {@code HttpOnly}, {@code SameSite=Lax}, scoped to the site's root, and
 * {@code Secure} on requests that came over TLS.
 *
 * <p>Request heads are held to Twisted's limits: {@value #DEFAULT_REQUEST_HEADER_SIZE}
 * bytes for the request line and headers together (Twisted's {@code totalHeadersSize},
 * Jetty's {@code requestHeaderSize}; Jetty's own 8 KB would refuse cookies Twisted takes) and
 * {@value #DEFAULT_MAX_HEADERS} header fields (Twisted's {@code maxHeaders}), each answered
 * with {@code 431} past it; and a head must arrive whole within
 * {@link #DEFAULT_REQUEST_HEADER_TIMEOUT} of its first byte, else {@code 408} and the
 * connection closed (neither Twisted nor Jetty has such a deadline: a head trickled a
 * byte at a time would hold a connection for ever).
 */
public final class WebServer implements AutoCloseable {
    private final Site site;
    private final List<Endpoint> endpoints;
    private final Server server;
    private final SocketWatcher watcher;
    private final ServletContextHandler context;
    private final HouseKeeper houseKeeper;
    private final Map<UnixDomainServerConnector, UnixSocketFile> socketFiles = new LinkedHashMap<>();
    private final AtomicBoolean siteClosed = new AtomicBoolean();

    /** The session cookie's name unless {@link #setSessionCookieName} says otherwise. */
    public static final String DEFAULT_SESSION_COOKIE = "TWISTLET_SESSION";
    /** Bytes a request line and its headers may take together: Twisted's {@code totalHeadersSize}. */
    public static final int DEFAULT_REQUEST_HEADER_SIZE = 16384;
    /** Header fields a request may have: Twisted's {@code maxHeaders}. */
    public static final int DEFAULT_MAX_HEADERS = 500;
    /** How long a request head may take from its first byte to its last, in seconds. */
    public static final int DEFAULT_REQUEST_HEADER_TIMEOUT_SECONDS = 30;
    /** How long a request head may take from its first byte to its last. */
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(DEFAULT_REQUEST_HEADER_TIMEOUT_SECONDS);
    private final HeaderCount headerCount = new HeaderCount();
    /** How long requests in flight may take to finish once a stop begins, in seconds. */
    public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 30;
    /** What a held response's {@code notifyFinish()} failure says when the shutdown timeout ends it. */
    public static final String STOPPED_BEFORE_FINISHED = "the server stopped before the response was finished";
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** After the shutdown timeout: how long the responses just ended may take to go. */
    private static final Duration AFTER_TIMEOUT = Duration.ofSeconds(1);
    private volatile Duration shutdownTimeout = Duration.ofSeconds(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
    private CompletableFuture<Void> drained;
    private long drainDeadline;
    private final DefaultSessionIdManager ids;
    private SessionStore sessionStore;
    private LauncherMetrics metrics;

    /**
     * @param site      the site to serve; closed as the server stops (see {@link #close()})
     * @param endpoints where to listen, at least one
     * @throws IOException when the connection watcher cannot open its selector
     */
    public WebServer(Site site, List<Endpoint> endpoints) throws IOException {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoint to listen on");
        }
        this.site = site;
        this.endpoints = List.copyOf(endpoints);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("twistlet-http");
        this.server = new DispatchingServer(threads);
        // Disconnects are noticed through Jetty's own types, not the reflective lookup a WAR uses.
        this.watcher = new SocketWatcher(threads, JettySockets::of);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setUriCompliance(UriCompliance.DEFAULT.with("twistlet",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        http.setRequestHeaderSize(DEFAULT_REQUEST_HEADER_SIZE);
        http.addCustomizer(headerCount);
        for (Endpoint endpoint : this.endpoints) {
            AbstractConnector connector = Connectors.create(server, endpoint, http);
            server.addConnector(connector);
            if (connector instanceof UnixDomainServerConnector unix) {
                socketFiles.put(unix, new UnixSocketFile((UnixEndpoint) endpoint));
            }
        }
        setRequestHeaderTimeout(DEFAULT_REQUEST_HEADER_TIMEOUT);

        this.context = new ServletContextHandler("/");
        SessionHandler sessions = new OnDemandSessionHandler();
        context.setSessionHandler(sessions);
        sessions.setSessionCookie(DEFAULT_SESSION_COOKIE);
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.LAX);
        sessions.setSecureRequestOnly(true);
        sessions.setSessionPath("/");
        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        this.ids = ids;
        HouseKeeper houseKeeper = new HouseKeeper();
        houseKeeper.setSessionIdManager(ids);
        try {
            houseKeeper.setIntervalSec(60);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ids.setSessionHouseKeeper(houseKeeper);
        server.addBean(ids, true);
        this.houseKeeper = houseKeeper;
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        // The Jakarta WebSocket container that WebSocketResource upgrades through. Its
        // initializer would map Jetty's WebSocketUpgradeFilter to /*, a filter every request
        // passes for the sake of @ServerEndpoint paths, which the launcher never has: the
        // resource upgrades programmatically. Declared here unmapped, as a web.xml may declare
        // it, the initializer takes it as the filter and maps nothing.
        FilterHolder upgradeFilter = new FilterHolder(WebSocketUpgradeFilter.class);
        upgradeFilter.setName(WebSocketUpgradeFilter.class.getName());
        context.getServletHandler().addFilter(upgradeFilter);
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        TwistletServlet servlet = new TwistletServlet(site);
        servlet.setConnectionWatcher(watcher);
        ServletHolder holder = new ServletHolder("twistlet", servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        // Server.doStop (after close() has waited for requests in flight) closes the connectors, then stops the
        // server's beans in the reverse order of their adding: the handler (set next), this
        // bean, ..., the thread pool (added first). So the site closes once its requests are
        // done and before the pool stops. What the site started on the pool must stop first
        // (a proxy's client, whose selector holds a pool thread): the pool would otherwise
        // wait its whole stop timeout for that thread, warn "Couldn't stop" and leave the
        // client to stop on a pool that rejects its jobs.
        server.addBean(new SiteCloser(), true);
        server.setHandler(new DrainHandler(context));
        // Requests in flight are waited for in close(), before Jetty's own stop begins; a stop
        // timeout of Jetty's would wait again, then fail the stop for what is still open.
        server.setStopTimeout(0);
    }

    /**
     * @param timeout how long {@link #close()} lets requests in flight finish, from
     *                {@link #stopAccepting()}; default {@value #DEFAULT_SHUTDOWN_TIMEOUT_SECONDS} s
     */
    public void setShutdownTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a negative shutdown timeout: " + timeout);
        }
        this.shutdownTimeout = timeout;
    }

    /**
     * @param idleTimeout how long a connection may sit idle between requests (Jetty's
     *                    default is 30 s); responses held open are not cut by it
     */
    public void setIdleTimeout(Duration idleTimeout) {
        for (Connector connector : server.getConnectors()) {
            ((AbstractConnector) connector).setIdleTimeout(idleTimeout.toMillis());
        }
    }

    /**
     * Bounds a request's line and headers together. Over HTTP/1.1 a request past it is
     * answered {@code 431 Request Header Fields Too Large} ({@code 414} when the request line
     * alone is too long) and its connection closed; over HTTP/2 Jetty ends the connection
     * with {@code GOAWAY}. Call before {@link #start()}.
     *
     * @param bytes at least 1024; default {@value #DEFAULT_REQUEST_HEADER_SIZE}, Twisted's
     *              {@code totalHeadersSize} (Jetty's {@code requestHeaderSize} is 8192)
     */
    public void setRequestHeaderSize(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("a request header size below 1024 bytes: " + bytes);
        }
        for (Connector connector : server.getConnectors()) {
            for (ConnectionFactory factory : connector.getConnectionFactories()) {
                if (factory instanceof HttpConfiguration.ConnectionFactory http) {
                    http.getHttpConfiguration().setRequestHeaderSize(bytes);
                }
            }
        }
    }

    /**
     * Bounds how many header fields a request may have; past it the request is answered
     * {@code 431 Request Header Fields Too Large}.
     *
     * @param count at least 1; default {@value #DEFAULT_MAX_HEADERS}, Twisted's {@code maxHeaders}
     *              (Jetty has no such bound)
     */
    public void setMaxHeaders(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a header count below 1: " + count);
        }
        headerCount.max = count;
    }

    /**
     * A deadline for each HTTP/1.1 request head, from its first byte to its last, however
     * steadily the bytes come (the idle timeout starts again at every byte). Past it the
     * client gets {@code 408 Request Timeout} and the connection is closed. Call before
     * {@link #start()}.
     *
     * @param timeout default {@link #DEFAULT_REQUEST_HEADER_TIMEOUT}; zero for none, as in
     *                Twisted and Jetty, which have no such deadline
     */
    public void setRequestHeaderTimeout(Duration timeout) {
        for (Connector connector : server.getConnectors()) {
            for (ConnectionFactory factory : connector.getConnectionFactories()) {
                if (factory instanceof HeadDeadlineFactory deadline) {
                    deadline.setDeadline(timeout);
                }
            }
        }
    }

    /**
     * @param log where a line per request goes (see {@link AccessLog}), or {@code null} for none
     */
    public void setRequestLog(org.eclipse.jetty.server.RequestLog log) {
        server.setRequestLog(log);
    }

    /**
     * Puts headers on every response, before the site sets its own (which replace them).
     *
     * @param headers the headers, from {@code --add-header "Name: Value"}
     */
    public void addHeaders(List<org.eclipse.jetty.http.HttpField> headers) {
        if (!headers.isEmpty()) {
            DrainHandler drain = (DrainHandler) server.getHandler();
            drain.setHandler(new AddHeadersHandler(drain.getHandler(), headers));
        }
    }

    /**
     * @param name the session cookie's name (default {@value #DEFAULT_SESSION_COOKIE})
     */
    public void setSessionCookieName(String name) {
        context.getSessionHandler().setSessionCookie(name);
    }

    /**
     * Names this server among those that share a session store: the suffix of the session
     * ids it makes, and the owner of the sessions it last served. Every launcher on one store
     * needs its own.
     *
     * @param name letters, digits, {@code -} and {@code _}
     * @throws UsageException for any other character
     */
    public void setNodeName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new UsageException("--node-name " + name + ": use 1 to 64 letters, digits, '-' and '_'");
        }
        ids.setWorkerName(name);
    }

    /** @return this server's node name (see {@link #setNodeName}) */
    public String getNodeName() {
        return ids.getWorkerName();
    }

    /**
     * Keeps sessions in a database shared with other launchers (see {@link SessionStore}),
     * from {@link #start()} on; the store is closed with this server.
     *
     * @param store the store
     */
    public void setSessionStore(SessionStore store) {
        this.sessionStore = store;
    }

    /** @return the shared session store set, or {@code null} for sessions in memory */
    SessionStore getSessionStore() {
        return sessionStore;
    }

    /**
     * @param interval how often expired sessions are looked for and ended (default 60 s);
     *                 a session is also ended when a request presents it after its timeout
     */
    public void setSessionScavengeInterval(Duration interval) {
        try {
            houseKeeper.setIntervalSec(Math.max(1, interval.toSeconds()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param loader the class loader request threads see as their context class loader:
     *               the one holding the user's {@code --classpath} classes
     */
    public void setClassLoader(ClassLoader loader) {
        context.setClassLoader(loader);
    }

    /**
     * Binds every endpoint and starts serving. A Unix socket is bound in a private folder,
     * given its mode, then moved into place (see {@link UnixSocketFile}).
     *
     * @throws UsageException when a socket path is taken
     * @throws Exception      when a port cannot be bound or Jetty fails to start
     */
    public void start() throws Exception {
        Map<UnixDomainServerConnector, Path> bound = new LinkedHashMap<>();
        try {
            for (Map.Entry<UnixDomainServerConnector, UnixSocketFile> socket : socketFiles.entrySet()) {
                Path path = socket.getValue().claim();
                socket.getKey().setUnixDomainPath(path);
                bound.put(socket.getKey(), path);
            }
            if (sessionStore != null) {
                sessionStore.install(context, ids.getWorkerName());
            }
            dispatchTheContext();
            server.start();
            for (Map.Entry<UnixDomainServerConnector, Path> socket : bound.entrySet()) {
                socketFiles.get(socket.getKey()).publish(socket.getValue());
            }
        } catch (Exception e) {
            try {
                server.stop();
            } finally {
                socketFiles.values().forEach(UnixSocketFile::release);
                closeSessionStore();
            }
            throw e;
        }
    }

    /**
     * Puts a {@link DispatchHandler} right above the context, below whatever else is there by
     * now (metrics, added headers), and above it, when the site's root is a plain
     * {@link FileResource}, a {@link CachedFileHandler} that answers small cached files without
     * the servlet layer and the tree, on whichever thread Jetty runs the request.
     */
    private void dispatchTheContext() {
        Handler.Singleton parent = server;
        while (parent.getHandler() != context) {
            parent = (Handler.Singleton) parent.getHandler();
        }
        if (parent instanceof DispatchHandler) {
            return;
        }
        Handler top = new DispatchHandler(context);
        if (site.getResource() instanceof FileResource files && files.getClass() == FileResource.class) {
            top = new CachedFileHandler(files, context.getSessionHandler().getSessionCookie(), top);
        }
        parent.setHandler(top);
    }

    private void closeSessionStore() {
        if (sessionStore != null) {
            sessionStore.close();
        }
    }

    /**
     * Measures this server from now on (see {@link LauncherMetrics}): requests, connections
     * per endpoint (each connector named after its endpoint, e.g. {@code tcp:8080}), Jetty's
     * threads, held responses, proxy failures, CGI scripts, sessions and the JVM. Call before
     * {@link #start()}; a second call returns the same metrics. They close with this server.
     *
     * @return the metrics, whose {@link LauncherMetrics#scrape()} is the {@code /metrics} page
     */
    LauncherMetrics enableMetrics() {
        if (metrics == null) {
            ConnectorNames.apply(server.getConnectors(), endpoints);
            metrics = LauncherMetrics.install(server, context, site);
        }
        return metrics;
    }

    /** @return the Jetty server, for tests in this package that add a connector */
    Server jetty() {
        return server;
    }

    /** @return the site being served */
    public Site getSite() {
        return site;
    }

    /** @return what each endpoint serves on: its URL, or {@code unix:PATH} for a Unix socket */
    public List<String> getAddresses() {
        List<String> addresses = new ArrayList<>();
        Connector[] connectors = server.getConnectors();
        for (int i = 0; i < endpoints.size(); i++) {
            addresses.add(Connectors.address(endpoints.get(i), connectors[i]));
        }
        return addresses;
    }

    /**
     * @return one {@code http://host:port/} or {@code https://host:port/} URL per TCP or TLS
     *         endpoint, with the port actually bound
     */
    public List<URI> getUrls() {
        return getAddresses().stream().filter(address -> !address.startsWith("unix:")).map(URI::create).toList();
    }

    /** @return the endpoints, in the order given */
    public List<Endpoint> getEndpoints() {
        return endpoints;
    }

    /**
     * Waits until the server has stopped.
     *
     * @throws InterruptedException when interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Begins the stop: every listener stops accepting connections (a client connecting now is
     * refused), the connections open are closed as soon as they are idle (a request that still
     * reaches one is answered {@code 503}), and the shutdown timeout starts. Requests in flight
     * go on.
     * Called again, it does nothing more.
     *
     * @return completes once no request is in flight
     */
    public synchronized CompletableFuture<Void> stopAccepting() {
        if (drained == null) {
            drainDeadline = System.nanoTime() + shutdownTimeout.toNanos();
            drained = server.isStarted() ? Graceful.shutdown(server) : CompletableFuture.completedFuture(null);
        }
        return drained;
    }

    /**
     * Stops: {@link #stopAccepting()} unless done already; waits until requests in flight have
     * finished or the shutdown timeout has passed; then ends the responses still held open
     * (see {@link Site#endHeldResponses}: their {@code notifyFinish()} fails with
     * {@value #STOPPED_BEFORE_FINISHED}); then closes the connections, the connection watcher
     * and the site (which stops what it started, e.g. a proxy's client), the session store,
     * and Jetty's threads.
     *
     * @throws Exception when Jetty fails to stop
     */
    @Override
    public void close() throws Exception {
        try {
            awaitDrained();
            server.stop();
        } finally {
            socketFiles.values().forEach(UnixSocketFile::release);
            closeSessionStore();
            // Done already, in Jetty's stop, unless the server never started or failed to stop.
            closeSite();
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    private void awaitDrained() throws InterruptedException {
        CompletableFuture<Void> done = stopAccepting();
        long left;
        synchronized (this) {
            left = drainDeadline - System.nanoTime();
        }
        if (finishes(done, Duration.ofNanos(Math.max(0, left)))) {
            return;
        }
        int ended = site.endHeldResponses(STOPPED_BEFORE_FINISHED + " (shutdown timeout: "
                + shutdownTimeout.toSeconds() + " s)");
        LOG.warn("Shutdown timeout ({} s) passed with requests in flight; {} held response(s) ended",
                shutdownTimeout.toSeconds(), ended);
        finishes(done, AFTER_TIMEOUT);
    }

    private static boolean finishes(CompletableFuture<Void> done, Duration within) throws InterruptedException {
        try {
            done.get(within.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private void closeSite() throws IOException {
        if (siteClosed.compareAndSet(false, true)) {
            try {
                watcher.close();
            } finally {
                site.close();
            }
        }
    }

    /** Refuses a request with more header fields than {@link #setMaxHeaders} allows. */
    private static final class HeaderCount implements HttpConfiguration.Customizer {
        private volatile int max = DEFAULT_MAX_HEADERS;

        @Override
        public Request customize(Request request, HttpFields.Mutable responseHeaders) {
            if (request.getHeaders().size() > max) {
                throw new HttpException.RuntimeException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431,
                        "Too many header fields");
            }
            return request;
        }
    }

    /** Closes the connection watcher and the site as Jetty stops the server's beans. */
    private final class SiteCloser extends AbstractLifeCycle {
        @Override
        protected void doStop() throws IOException {
            closeSite();
        }
    }
}
