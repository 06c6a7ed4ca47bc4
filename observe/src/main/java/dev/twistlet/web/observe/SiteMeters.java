package dev.twistlet.web.observe;

import dev.twistlet.web.SiteMonitor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SiteMonitor} that counts in Micrometer meters: responses held open
 * ({@code twistlet.responses.held}), proxy upstream failures by kind
 * ({@code twistlet.proxy.upstream.failures}), and CGI scripts started, running and killed
 * ({@code twistlet.cgi.scripts.*}). Each method is an atomic update, as the monitor's
 * contract asks.
 */
final class SiteMeters implements SiteMonitor {
    /** The label a kind outside {@link SiteMonitor}'s four gets, so labels stay few. */
    static final String OTHER_KIND = "other";

    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger scripts = new AtomicInteger();
    private final Map<String, Counter> failures;
    private final Counter otherFailures;
    private final Counter started;
    private final Counter killed;

    /** @param registry where the meters go; every one is registered now, at zero */
    SiteMeters(MeterRegistry registry) {
        Gauge.builder("twistlet.responses.held", held, AtomicInteger::get)
                .description("Responses held open past render (NOT_DONE_YET, a pending CompletionStage, a servlet's)")
                .strongReference(true)
                .register(registry);
        failures = Map.of(
                CONNECT, failureCounter(registry, CONNECT),
                TIMEOUT, failureCounter(registry, TIMEOUT),
                RESET, failureCounter(registry, RESET),
                BAD_ANSWER, failureCounter(registry, BAD_ANSWER));
        otherFailures = failureCounter(registry, OTHER_KIND);
        Gauge.builder("twistlet.cgi.scripts.running", scripts, AtomicInteger::get)
                .description("CGI scripts running now")
                .strongReference(true)
                .register(registry);
        started = Counter.builder("twistlet.cgi.scripts.started")
                .description("CGI scripts started")
                .register(registry);
        killed = Counter.builder("twistlet.cgi.scripts.killed")
                .description("CGI scripts this server ended: timed out, client gone, unusable answer, body left unread")
                .register(registry);
    }

    private static Counter failureCounter(MeterRegistry registry, String kind) {
        return Counter.builder("twistlet.proxy.upstream.failures")
                .description("Proxy upstream requests that failed while their client waited, by kind")
                .tag("kind", kind)
                .register(registry);
    }

    @Override
    public void responseHeld() {
        held.incrementAndGet();
    }

    @Override
    public void heldResponseEnded() {
        held.decrementAndGet();
    }

    @Override
    public void upstreamFailed(String kind) {
        failures.getOrDefault(kind, otherFailures).increment();
    }

    @Override
    public void scriptStarted() {
        started.increment();
        scripts.incrementAndGet();
    }

    @Override
    public void scriptEnded(boolean wasKilled) {
        scripts.decrementAndGet();
        if (wasKilled) {
            killed.increment();
        }
    }
}
