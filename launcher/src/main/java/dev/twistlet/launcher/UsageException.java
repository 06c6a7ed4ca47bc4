package dev.twistlet.launcher;

/**
 * A mistake in how the launcher was called (bad option value, missing class, busy port):
 * printed as one line on stderr, and the launcher exits with status 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, in words a user can act on */
    public UsageException(String message) {
        super(message);
    }
}
