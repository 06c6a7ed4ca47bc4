package dev.twistlet.launcher;

import java.util.Objects;

/**
 * One answer of an {@link AdminRoute}: a status, a content type and a whole text body, sent
 * in UTF-8 with {@code Cache-Control: no-store}.
 *
 * @param status      the HTTP status, e.g. 200 or 503
 * @param contentType the body's type, e.g. {@code application/json}; a charset is added when missing
 * @param body        the body
 */
public record AdminAnswer(int status, String contentType, String body) {
    /** The type of a JSON body. */
    public static final String JSON = "application/json";

    /** Checks the status and that nothing is missing. */
    public AdminAnswer {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not a final HTTP status: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /**
     * @param status the HTTP status
     * @param json   a JSON document
     * @return a JSON answer
     */
    public static AdminAnswer json(int status, String json) {
        return new AdminAnswer(status, JSON, json);
    }
}
