package dev.twistlet.web.eventsource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The bytes of the {@code text/event-stream} format (HTML's "Server-sent events"): each
 * event, comment or retry is a block of lines ending with a blank line, built whole so that
 * one write sends it.
 */
final class EventFrames {
    /** The line breaks the format accepts: CRLF, a lone CR, a lone LF. */
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    /** The comment sent when a stream has been silent for its keep-alive interval. */
    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private EventFrames() {
    }

    /**
     * @param event the event type, or {@code null} for the default ({@code message})
     * @param data  the data; each of its lines becomes a {@code data:} line
     * @param id    the event's id, or {@code null} for none; {@code ""} resets the client's last id
     * @return {@code event:}, {@code id:} and {@code data:} lines and a blank line, as UTF-8
     * @throws IllegalArgumentException when {@code event} or {@code id} holds a line break,
     *                                  or {@code id} a NUL (the client would ignore it)
     * @throws NullPointerException     when {@code data} is {@code null}
     */
    static byte[] event(String event, String data, String id) {
        if (data == null) {
            throw new NullPointerException("data");
        }
        StringBuilder frame = new StringBuilder(data.length() + 32);
        if (event != null) {
            frame.append("event: ").append(oneLine("event", event)).append('\n');
        }
        if (id != null) {
            if (id.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an event id must not contain NUL");
            }
            frame.append("id: ").append(oneLine("id", id)).append('\n');
        }
        for (String line : LINE_BREAK.split(data, -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param text the comment; each of its lines becomes a line starting with {@code :}
     * @return the comment lines and a blank line, as UTF-8
     */
    static byte[] comment(String text) {
        StringBuilder frame = new StringBuilder(text.length() + 8);
        for (String line : LINE_BREAK.split(text, -1)) {
            frame.append(line.isEmpty() ? ":" : ": ").append(line).append('\n');
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param delay how long the client should wait before reconnecting
     * @return a {@code retry:} line, in whole milliseconds, and a blank line
     * @throws IllegalArgumentException when {@code delay} is negative
     */
    static byte[] retry(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a reconnection delay must not be negative: " + delay);
        }
        return ("retry: " + delay.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String oneLine(String field, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an event's " + field + " must not contain CR or LF: "
                    + value.replace("\r", "\\r").replace("\n", "\\n"));
        }
        return value;
    }
}
