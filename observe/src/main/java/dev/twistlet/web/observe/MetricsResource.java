package dev.twistlet.web.observe;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves metrics in Prometheus's text format ({@value TwistletMetrics#CONTENT_TYPE}) for
 * Prometheus to scrape: a leaf, answering {@code GET} (and {@code HEAD}) only, never cached.
 * Nothing mounts it by itself; a web application mounts it where it wants, with the metrics
 * of its context:
 *
 * <pre>{@code
 * public IResource createRoot(ServletConfig config) {
 *     Resource root = ...;
 *     TwistletMetrics metrics = MetricsListener.of(config.getServletContext());
 *     root.putChild("metrics", new MetricsResource(metrics));
 *     return root;
 * }
 * }</pre>
 *
 * <p>Metrics tell a lot about a server; mount it where only the scraper reaches (a path the
 * front proxy does not pass on, or a guarded one).
 */
public class MetricsResource extends Resource {
    private final TwistletMetrics metrics;

    /** @param metrics what to serve */
    public MetricsResource(TwistletMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    /** Answers every meter, scraped now. */
    @Override
    public Object renderGet(Request request) {
        request.setHeader("Content-Type", metrics.contentType());
        request.setHeader("Cache-Control", "no-store");
        return metrics.scrape().getBytes(StandardCharsets.UTF_8);
    }
}
