package dev.twistlet.web.observe;

import dev.twistlet.web.Site;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * Metrics for a site served on embedded Jetty 12, as the launcher serves it:
 * {@link #install} puts every piece in place, {@link #scrape()} renders them for a
 * {@code /metrics} route. What it installs:
 *
 * <ul>
 * <li>a {@link RequestTimingHandler} right above the servlet context (so Jetty's own
 *     refusals before any handler, such as a 431 for huge headers, are not counted);
 * <li>the client connections open on each connector ({@code twistlet_connections_open{listener}}),
 *     named by the connector's name, or {@code listener-N} for one with none: Jetty's own set
 *     of open endpoints, read at scrape time, so connections cost nothing more. (Micrometer's
 *     {@code JettyConnectionMetrics} is left out: it takes a lock on every connection's open
 *     and close, counts a TLS connection twice, and measures bytes only on Jetty's
 *     network-traffic connectors, which the launcher does not use.)
 * <li>Micrometer's binder for Jetty's thread pool ({@code jetty_threads_*});
 * <li>the site's {@link dev.twistlet.web.SiteMonitor} and the context's session listener;
 * <li>the JVM's meters (see {@link TwistletMetrics}).
 * </ul>
 *
 * <p>Connectors added after {@code install} are not counted. Call {@link #close()} once the
 * server has stopped.
 */
public final class LauncherMetrics implements AutoCloseable {
    private final TwistletMetrics metrics;
    private final JettyServerThreadPoolMetrics threads;

    private LauncherMetrics(TwistletMetrics metrics, JettyServerThreadPoolMetrics threads) {
        this.metrics = metrics;
        this.threads = threads;
    }

    /**
     * Instruments a server before it starts, with new {@link TwistletMetrics}.
     *
     * @param server  the server, its connectors added
     * @param context the site's servlet context, somewhere below the server's handler
     * @param site    the site served there; its monitor is replaced
     * @return the installed metrics
     * @throws IllegalArgumentException when {@code context} is not below the server's handler
     */
    public static LauncherMetrics install(Server server, ServletContextHandler context, Site site) {
        return install(server, context, site, new TwistletMetrics());
    }

    /**
     * Instruments a server before it starts, into the given metrics (e.g. with a {@code uri}
     * label).
     *
     * @param server  the server, its connectors added
     * @param context the site's servlet context, somewhere below the server's handler
     * @param site    the site served there; its monitor is replaced
     * @param metrics where the meters go
     * @return the installed metrics
     * @throws IllegalArgumentException when {@code context} is not below the server's handler
     */
    public static LauncherMetrics install(Server server, ServletContextHandler context, Site site,
            TwistletMetrics metrics) {
        above(server, context, new RequestTimingHandler(metrics));
        Connector[] connectors = server.getConnectors();
        for (int i = 0; i < connectors.length; i++) {
            Connector connector = connectors[i];
            String name = connector.getName() != null ? connector.getName() : "listener-" + (i + 1);
            Gauge.builder("twistlet.connections.open", connector, c -> c.getConnectedEndPoints().size())
                    .description("Client connections open now, by listener")
                    .tag("listener", name)
                    .strongReference(true)
                    .register(metrics.registry());
        }
        JettyServerThreadPoolMetrics threads = new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty());
        threads.bindTo(metrics.registry());
        context.addEventListener(metrics.sessionListener());
        site.setMonitor(metrics.siteMonitor());
        return new LauncherMetrics(metrics, threads);
    }

    /** Puts {@code timing} where {@code context} was, and {@code context} below it. */
    private static void above(Server server, ServletContextHandler context, Handler.Singleton timing) {
        Handler.Singleton parent = server;
        while (parent.getHandler() != context) {
            if (!(parent.getHandler() instanceof Handler.Singleton next)) {
                throw new IllegalArgumentException("the context is not in the server's chain of handlers");
            }
            parent = next;
        }
        parent.setHandler(timing);
        timing.setHandler(context);
    }

    /** @return every meter, in Prometheus's text format ({@link #contentType()}) */
    public String scrape() {
        return metrics.scrape();
    }

    /** @return {@code text/plain; version=0.0.4; charset=utf-8}, the type to serve {@link #scrape()} with */
    public String contentType() {
        return metrics.contentType();
    }

    /** @return the metrics, e.g. to add meters of one's own to their registry */
    public TwistletMetrics metrics() {
        return metrics;
    }

    /** Unbinds the thread pool's meters and closes the metrics. */
    @Override
    public void close() {
        try {
            threads.close();
        } catch (Exception e) {
            // nothing to release that matters once the server is down
        }
        metrics.close();
    }
}
