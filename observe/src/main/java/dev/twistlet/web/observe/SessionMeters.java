package dev.twistlet.web.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Counts the container's sessions as they are created and end: {@code twistlet.session.creations},
 * {@code twistlet.session.expirations} (timed out, or ended by the application with
 * {@code Session.expire()}: the servlet API does not tell them apart). There is no gauge of
 * live sessions: where launchers share a session store, one may create a session another
 * ends, so only the sums over every server mean something.
 */
final class SessionMeters implements HttpSessionListener {
    private final Counter created;
    private final Counter expired;

    /** @param registry where the meters go; every one is registered now, at zero */
    SessionMeters(MeterRegistry registry) {
        created = Counter.builder("twistlet.session.creations")
                .description("Sessions created")
                .register(registry);
        expired = Counter.builder("twistlet.session.expirations")
                .description("Sessions ended: timed out, or expired by the application")
                .register(registry);
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        created.increment();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        expired.increment();
    }
}
