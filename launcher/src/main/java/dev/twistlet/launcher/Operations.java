package dev.twistlet.launcher;

import java.time.Duration;
import java.util.Objects;

/**
 * How the launcher process is run for operators: its admin listener, if any, and how it
 * stops on SIGTERM. The same for {@code twistlet web} ({@code --admin}, {@code --drain-delay},
 * {@code --shutdown-timeout}) and for configuration scripts ({@link Application#admin} and the
 * methods beside it).
 *
 * @param admin           where the admin listener ({@link AdminServer}) listens, or {@code null} for none
 * @param drainDelay      how long, after the stop signal, the listeners go on accepting while
 *                        {@code /health/ready} answers 503, so a load balancer can notice first
 * @param shutdownTimeout how long requests in flight may then take to finish
 */
record Operations(Endpoint admin, Duration drainDelay, Duration shutdownTimeout) {
    /** {@code --drain-delay}'s default, in seconds. */
    static final int DEFAULT_DRAIN_DELAY_SECONDS = 0;

    /** No admin listener, no drain delay, {@link WebServer#DEFAULT_SHUTDOWN_TIMEOUT_SECONDS}. */
    static final Operations DEFAULTS = new Operations(null, Duration.ofSeconds(DEFAULT_DRAIN_DELAY_SECONDS),
            Duration.ofSeconds(WebServer.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS));

    /** Checks that neither duration is negative. */
    Operations {
        Objects.requireNonNull(drainDelay, "drainDelay");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (drainDelay.isNegative() || shutdownTimeout.isNegative()) {
            throw new UsageException("the drain delay and the shutdown timeout must not be negative");
        }
    }
}
