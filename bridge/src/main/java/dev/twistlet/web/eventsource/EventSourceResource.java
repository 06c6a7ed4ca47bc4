package dev.twistlet.web.eventsource;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A leaf that answers a GET with a server-sent event stream: a {@code text/event-stream}
 * response held open past {@code render}, on which its {@link EventStreamHandler} sends
 * events, from any thread, until the client leaves or the stream is closed.
 *
 * <pre>{@code
 * root.putChild("clock", new EventSourceResource((stream, request) -> {
 *     ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(
 *             () -> stream.sendEvent("tick", Instant.now().toString(), null), 0, 1, TimeUnit.SECONDS);
 *     stream.whenClosed().thenRun(() -> ticks.cancel(false));
 * }));
 * }</pre>
 *
 * <p>The response is {@code 200} with {@code Content-Type: text/event-stream; charset=utf-8},
 * {@code Cache-Control: no-cache} and {@code X-Accel-Buffering: no} (so that nginx passes each
 * event on rather than buffer them); its head goes out as soon as the handler returns, with
 * whatever the handler sent. A request whose {@code Accept} excludes
 * {@code text/event-stream} gets 406; HEAD gets the head alone, without a stream. When the
 * stream has been silent for the {@linkplain #setKeepAliveInterval keep-alive interval}, a
 * comment goes out, which keeps proxies from dropping the connection and notices a client
 * that left (see {@link EventStream}).
 *
 * <p>A stream is held open like any {@code NOT_DONE_YET} response: the site's async timeout,
 * if it has one, ends it too, and a server that stops cuts it. A browser's {@code EventSource}
 * reconnects after either, sending the last id it saw as {@code Last-Event-ID}
 * ({@link EventStream#getLastEventId()}); answering its next request with 204 stops it.
 */
public class EventSourceResource extends Resource {
    /** The content type of the stream. */
    public static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    /** Default keep-alive interval: 15 seconds. */
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

    private final EventStreamHandler handler;
    private final Set<EventStream> openStreams = ConcurrentHashMap.newKeySet();
    private volatile Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;

    /**
     * @param handler told of each stream opened
     */
    public EventSourceResource(EventStreamHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** @return {@code true}: the stream is everything below where it is mounted; the handler may read the postpath */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * Sets how long a stream may be silent before a keep-alive comment is sent; for streams
     * opened from now on.
     *
     * @param interval the interval, {@link Duration#ZERO} for no keep-alive comments; default
     *                 15 seconds
     * @throws IllegalArgumentException when {@code interval} is negative
     */
    public void setKeepAliveInterval(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("a keep-alive interval must not be negative: " + interval);
        }
        this.keepAliveInterval = interval;
    }

    /** @return how long a stream may be silent before a keep-alive comment is sent */
    public Duration getKeepAliveInterval() {
        return keepAliveInterval;
    }

    /**
     * @return the streams of this resource open now, as a live read-only view (iterating it
     *         while streams open and end is safe), e.g. to send an event to every client; a
     *         stream leaves it when it ends, before its {@link EventStream#whenClosed()} stage
     *         completes
     */
    public Set<EventStream> getOpenStreams() {
        return Collections.unmodifiableSet(openStreams);
    }

    /**
     * Opens an event stream: sets the head, calls the handler, sends the head (and what the
     * handler sent) and holds the response open; or answers 406 when the client's
     * {@code Accept} excludes {@code text/event-stream}.
     *
     * @param request the request
     * @return {@link IResource#NOT_DONE_YET}
     */
    @Override
    public Object renderGet(Request request) {
        if (!acceptable(request)) {
            return IResource.NOT_DONE_YET;
        }
        setStreamHeaders(request);
        EventStream stream = new EventStream(request, request.getHeader("Last-Event-ID"), keepAliveInterval,
                openStreams::remove);
        openStreams.add(stream);
        request.notifyFinish().whenComplete((finished, lost) -> stream.ended());
        handler.eventStreamStarted(stream, request);
        request.flush();
        stream.startKeepAlive();
        return IResource.NOT_DONE_YET;
    }

    /**
     * Answers the head a GET would get, without opening a stream or calling the handler.
     *
     * @param request the request
     * @return an empty body, or {@link IResource#NOT_DONE_YET} after a 406
     */
    @Override
    public Object renderHead(Request request) {
        if (!acceptable(request)) {
            return IResource.NOT_DONE_YET;
        }
        setStreamHeaders(request);
        return "";
    }

    private static boolean acceptable(Request request) {
        if (AcceptCheck.allowsEventStream(request.getHeaders("Accept"))) {
            return true;
        }
        request.writeError(406, "Not Acceptable", "this resource sends text/event-stream only");
        return false;
    }

    private static void setStreamHeaders(Request request) {
        request.setHeader("Content-Type", CONTENT_TYPE);
        request.setHeader("Cache-Control", "no-cache");
        request.setHeader("X-Accel-Buffering", "no");
    }
}
