package dev.twistlet.web;

/**
 * Told of the events inside a {@link Site} that no container sees: responses held open past
 * {@code render}, upstreams that fail, CGI scripts started and killed. A metrics library
 * implements it (the {@code twistlet-observe} module does, for Micrometer); the bridge itself
 * knows none. Set one with {@link Site#setMonitor}; every method does nothing by default, so
 * an implementation overrides only what it counts.
 *
 * <p>Methods are called on whichever thread the event happens on, many at once, some while
 * the response's lock is held: they must be thread-safe, return quickly, never block, never
 * throw, and never call back into a request. Each {@link #responseHeld()} is followed by
 * exactly one {@link #heldResponseEnded()} on the same monitor, and each
 * {@link #scriptStarted()} by one {@link #scriptEnded(boolean)}, even when the site's
 * monitor is replaced in between.
 */
public interface SiteMonitor {
    /** Monitors nothing: the site's monitor until another is set. */
    SiteMonitor NONE = new SiteMonitor() {
    };

    /** {@link #upstreamFailed} kind: the upstream could not be reached (refused, no route, no such host). */
    String CONNECT = "connect";
    /** {@link #upstreamFailed} kind: the upstream stayed silent past the timeout. */
    String TIMEOUT = "timeout";
    /** {@link #upstreamFailed} kind: the connection broke after it was made (closed or reset mid-answer). */
    String RESET = "reset";
    /** {@link #upstreamFailed} kind: the upstream answered something that is not HTTP. */
    String BAD_ANSWER = "bad-answer";

    /**
     * A response is now held open past {@code render}: {@code NOT_DONE_YET}, a pending
     * {@code CompletionStage}, or a response handed over to a foreign servlet.
     */
    default void responseHeld() {
    }

    /** A response counted by {@link #responseHeld()} has ended: finished, cut, or its client left. */
    default void heldResponseEnded() {
    }

    /**
     * A proxy's (or a personal server's) upstream request failed, and its client was still
     * waiting; not called when the client left first, nor for answers that merely carry an
     * error status.
     *
     * @param kind one of {@link #CONNECT}, {@link #TIMEOUT}, {@link #RESET}, {@link #BAD_ANSWER}
     */
    default void upstreamFailed(String kind) {
    }

    /** A CGI script's process has started. */
    default void scriptStarted() {
    }

    /**
     * A CGI script's process has exited.
     *
     * @param killed whether this server ended it (timeout, client gone, unusable answer,
     *               request body left unread) rather than the script exiting by itself
     */
    default void scriptEnded(boolean killed) {
    }
}
