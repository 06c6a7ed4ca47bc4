package dev.twistlet.web.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The request meters both front ends feed ({@link RequestTimingHandler} in the launcher,
 * {@link RequestMetricsFilter} in a WAR): the {@value #TIMER} timer, labelled {@code method},
 * {@code status} and {@code outcome}, and the {@value #ACTIVE} gauge.
 *
 * <p>Every label has a bounded set of values whatever clients send: a method outside the
 * standard nine is {@code OTHER}, a status outside 100 to 999 is {@code UNKNOWN}, and there
 * is no URL label unless a {@code uriLabel} function is given, whose values are then the
 * caller's to bound.
 */
final class RequestMetrics {
    /** The timer's name; Prometheus shows it as {@code http_server_requests_seconds}. */
    static final String TIMER = "http.server.requests";
    /** The gauge of requests under way; Prometheus shows it as {@code http_server_requests_active}. */
    static final String ACTIVE = "http.server.requests.active";
    /** A method no standard names, as a label. */
    static final String OTHER = "OTHER";
    /** The histogram's bucket bounds, from 5 ms to 10 s. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Function<String, String> uriLabel;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    /**
     * Without a {@code uri} label, the timers by method (in {@link #METHODS} order, then
     * {@code OTHER}) and status (100 to 999): found without a key or a hash per request.
     */
    private final AtomicReferenceArray<Timer> byMethodAndStatus = new AtomicReferenceArray<>((METHODS.length + 1) * 900);
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE",
        "CONNECT"};

    /** One timer's labels. */
    private record Key(String method, int status, String uri) {
    }

    /**
     * @param registry where the meters go
     * @param uriLabel maps a request's raw path to its {@code uri} label, or {@code null} for
     *                 no such label; a {@code null} result is {@code OTHER}
     */
    RequestMetrics(MeterRegistry registry, Function<String, String> uriLabel) {
        this.registry = registry;
        this.uriLabel = uriLabel;
        Gauge.builder(ACTIVE, active, AtomicInteger::get)
                .description("HTTP requests under way: received, not yet answered in full")
                .strongReference(true)
                .register(registry);
    }

    /** @return whether {@link #end} reads the path (only for a {@code uri} label) */
    boolean wantsPath() {
        return uriLabel != null;
    }

    /**
     * Counts a request as under way.
     *
     * @return its start, for {@link #end}
     */
    long begin() {
        active.incrementAndGet();
        return System.nanoTime();
    }

    /**
     * Counts a request begun with {@link #begin} as answered, and times it.
     *
     * @param began  what {@link #begin} returned
     * @param method the request's method, as sent
     * @param status the status the client got
     * @param path   the request's raw path; read only when {@link #wantsPath()}
     */
    void end(long began, String method, int status, String path) {
        long took = System.nanoTime() - began;
        active.decrementAndGet();
        if (uriLabel == null && status >= 100 && status <= 999) {
            int slot = methodIndex(method) * 900 + status - 100;
            Timer timer = byMethodAndStatus.get(slot);
            if (timer == null) {
                timer = timers.computeIfAbsent(new Key(method(method), status, null), this::timer);
                byMethodAndStatus.set(slot, timer);
            }
            timer.record(took, TimeUnit.NANOSECONDS);
            return;
        }
        String uri = uriLabel == null ? null : uri(path);
        timers.computeIfAbsent(new Key(method(method), status, uri), this::timer).record(took, TimeUnit.NANOSECONDS);
    }

    private static int methodIndex(String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length;
    }

    private String uri(String path) {
        String label = uriLabel.apply(path);
        return label == null ? OTHER : label;
    }

    private Timer timer(Key key) {
        boolean known = key.status >= 100 && key.status <= 999;
        Tags tags = Tags.of("method", key.method, "status", known ? Integer.toString(key.status) : "UNKNOWN",
                "outcome", (known ? Outcome.forStatus(key.status) : Outcome.UNKNOWN).name());
        if (key.uri != null) {
            tags = tags.and("uri", key.uri);
        }
        return Timer.builder(TIMER)
                .description("HTTP requests answered, by method, status and outcome")
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /**
     * @param method a request method as sent
     * @return it, when it is one of the nine standard methods; else {@value #OTHER}
     */
    static String method(String method) {
        return switch (method) {
            case "GET" -> "GET";
            case "HEAD" -> "HEAD";
            case "POST" -> "POST";
            case "PUT" -> "PUT";
            case "DELETE" -> "DELETE";
            case "OPTIONS" -> "OPTIONS";
            case "PATCH" -> "PATCH";
            case "TRACE" -> "TRACE";
            case "CONNECT" -> "CONNECT";
            default -> OTHER;
        };
    }
}
