package dev.twistlet.web.eventsource;

import dev.twistlet.web.Request;

/**
 * Told of each event stream an {@link EventSourceResource} opens; the application keeps the
 * stream and sends on it, now or later, from any thread.
 *
 * <pre>{@code
 * new EventSourceResource((stream, request) -> {
 *     subscribers.add(stream);
 *     stream.whenClosed().thenRun(() -> subscribers.remove(stream));
 * })
 * }</pre>
 */
@FunctionalInterface
public interface EventStreamHandler {

    /**
     * Called once per stream, inside {@code render}, before the response's head is sent: what
     * it sends goes out with the head. It may read what it needs of the request (path, session,
     * arguments, {@link EventStream#getLastEventId()}); to refuse the stream it may answer
     * instead, e.g. with {@link Request#writeError(int, String, String)}, and the stream is then
     * closed. An exception it throws answers 500 and closes the stream.
     *
     * @param stream  the stream to send on, open until the client leaves or it is closed
     * @param request the GET that opened it
     */
    void eventStreamStarted(EventStream stream, Request request);
}
