package dev.twistlet.web;

import java.io.IOException;

/**
 * How {@link Request#notifyFinish()} fails when the client goes away (or the site's async
 * timeout passes) before the response was finished; Twisted's {@code ConnectionLost}.
 */
public class ConnectionLostException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause   the container's report, if any
     */
    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
