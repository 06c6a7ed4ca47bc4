package dev.twistlet.web;

import java.io.IOException;

/**
 * A request body the site will not take, and the status that says why: 400 for broken
 * framing, 408 for a body that arrives too slowly, 413 for one too long, 503 when too many
 * bodies are being read at once. The client is at fault (or the server is busy): the
 * answer closes the connection, and the log gets one line at most.
 */
public class ContentException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status  the status to answer with
     * @param message what went wrong, for the error page and the log
     */
    public ContentException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the status to answer with */
    public int getStatus() {
        return status;
    }
}
