package dev.twistlet.web.observe;

import dev.twistlet.web.SiteMonitor;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Objects;
import java.util.function.Function;

/**
 * One server's metrics in a Micrometer {@link PrometheusMeterRegistry}: the JVM's (memory,
 * garbage collection, threads, classes, processor, uptime), the requests'
 * ({@code http_server_requests_seconds}, fed by {@link RequestTimingHandler} or
 * {@link RequestMetricsFilter}), a {@link SiteMonitor} for held responses, proxy failures
 * and CGI scripts, and a session listener. {@link #scrape()} renders them all in
 * Prometheus's text format. Every meter is listed with its labels in {@code docs/metrics.md}.
 *
 * <p>The launcher builds one through {@link LauncherMetrics}; a WAR through
 * {@link MetricsListener}; embedding code may build its own and wire the parts itself.
 * Thread-safe.
 */
public final class TwistletMetrics implements AutoCloseable {
    /** The content type of {@link #scrape()}: Prometheus's text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final RequestMetrics requests;
    private final SiteMeters site;
    private final SessionMeters sessions;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** A new registry with every meter and no {@code uri} label. */
    public TwistletMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null);
    }

    /**
     * @param registry where the meters go; closed by {@link #close()}
     * @param uriLabel maps a request's raw path (e.g. {@code /api/items/42}) to a {@code uri}
     *                 label on {@code http_server_requests_seconds}, or {@code null} (the
     *                 default) for no such label. Its values must come from a small fixed set
     *                 (e.g. {@code /api/items/{id}}), never the path itself, or every URL a
     *                 client invents becomes a series; a {@code null} result is {@code OTHER}.
     */
    public TwistletMetrics(PrometheusMeterRegistry registry, Function<String, String> uriLabel) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.requests = new RequestMetrics(registry, uriLabel);
        this.site = new SiteMeters(registry);
        this.sessions = new SessionMeters(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** @return the registry, to add meters of one's own */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** @return the monitor to give {@code Site.setMonitor}, counting held responses, proxy failures and CGI scripts */
    public SiteMonitor siteMonitor() {
        return site;
    }

    /** @return the listener to add to the servlet context, counting sessions created and ended */
    public HttpSessionListener sessionListener() {
        return sessions;
    }

    /** @return every meter, in Prometheus's text format ({@link #CONTENT_TYPE}) */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** @return {@link #CONTENT_TYPE}, the type to serve {@link #scrape()} with */
    public String contentType() {
        return CONTENT_TYPE;
    }

    /** @return the request meters, for the handler and the filter */
    RequestMetrics requests() {
        return requests;
    }

    /** Stops listening to garbage collections and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
