package dev.twistlet.web;

/**
 * The store that keeps sessions cannot be reached just now, so no session can be read or
 * created: thrown by {@link Request#getSession()} when sessions live in a shared store (a
 * database) that is down. A request that meets it is answered 503 with {@code Retry-After};
 * pages that use no session go on answering, and sessions come back by themselves when the
 * store does.
 */
public class SessionUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message why, without secrets (no passwords)
     * @param cause   the store's own failure, or {@code null}
     */
    public SessionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
