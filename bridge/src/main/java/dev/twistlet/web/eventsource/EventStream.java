package dev.twistlet.web.eventsource;

import dev.twistlet.web.Request;
import dev.twistlet.web.Site;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One open {@code text/event-stream} response of an {@link EventSourceResource}: events,
 * comments and reconnection delays sent to one client, until it leaves or {@link #close()}
 * is called.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. Each event, comment or
 * retry is formatted whole and handed to the connection in one {@link Request#write(byte[])},
 * so concurrent sends never interleave their lines; like {@code write}, a send blocks while
 * the connection cannot take more.
 *
 * <p><b>After the end.</b> Sends never throw because the client has gone: they return
 * {@code false} and the event is dropped. A send returning {@code true} means the bytes went
 * to the connection, not that the client read them: a client that vanished without closing
 * its connection cleanly is noticed at a later write, at the latest the next keep-alive.
 *
 * <p><b>Keep-alive.</b> When nothing has been sent for the resource's keep-alive interval,
 * the comment {@code : keep-alive} goes out: proxies then do not drop the connection as idle,
 * and a client that left is noticed. The comment is timed on the site's scheduler and written
 * on the container's worker threads (the site's, when the container shares none), one pending
 * task per open stream, cancelled when the stream ends.
 */
public final class EventStream {
    private final Request request;
    private final Site site;
    private final String lastEventId;
    private final long keepAliveNanos;
    private final Executor writer;
    private final Consumer<EventStream> onEnd;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Held while a frame is written, so that {@link #close()} never finishes in the middle of a send. */
    private final Object sending = new Object();
    /** When the last frame was handed to the connection, by {@link System#nanoTime()}. */
    private volatile long lastSent = System.nanoTime();
    /** Guards {@link #keepAlive}, so that no tick is scheduled once the stream has ended. */
    private final Object ticks = new Object();
    /** The next keep-alive tick, or {@code null}; one at a time. */
    private ScheduledFuture<?> keepAlive;

    /**
     * @param request     the GET the stream answers, its head set, not yet sent
     * @param lastEventId the request's {@code Last-Event-ID}, or {@code null}
     * @param keepAlive   how long the stream may be silent before a keep-alive comment;
     *                    {@link Duration#ZERO} for none
     * @param onEnd       told once, when the stream ends
     */
    EventStream(Request request, String lastEventId, Duration keepAlive, Consumer<EventStream> onEnd) {
        this.request = request;
        this.site = request.getSite();
        this.lastEventId = lastEventId;
        this.keepAliveNanos = keepAlive.toNanos();
        Executor container = request.getContainerExecutor();
        this.writer = container != null ? container : task -> site.deferToThread(() -> {
            task.run();
            return null;
        });
        this.onEnd = onEnd;
    }

    /**
     * Sends an event of the default type ({@code message}), without an id.
     *
     * @param data the data; a line break (CRLF, CR or LF) in it starts a new {@code data:}
     *             line, and the client joins them back with LF
     * @return whether the stream is still open after the send; {@code false} means the event
     *         was dropped, or the write found the client gone
     * @throws NullPointerException when {@code data} is {@code null}
     */
    public boolean sendEvent(String data) {
        return sendEvent(null, data, null);
    }

    /**
     * Sends an event: {@code event:}, {@code id:} and {@code data:} lines and a blank line.
     * The client does not dispatch an event whose data is empty.
     *
     * @param event the event type, which a browser's {@code addEventListener} names, or
     *              {@code null} for {@code message}
     * @param data  the data; a line break (CRLF, CR or LF) in it starts a new {@code data:}
     *              line, and the client joins them back with LF
     * @param id    the event's id, which the client sends back as {@code Last-Event-ID} when
     *              it reconnects, or {@code null} for none ({@code ""} clears the client's)
     * @return whether the stream is still open after the send; {@code false} means the event
     *         was dropped, or the write found the client gone
     * @throws IllegalArgumentException when {@code event} or {@code id} contains CR or LF, or
     *                                  {@code id} contains NUL; nothing is sent then
     * @throws NullPointerException     when {@code data} is {@code null}
     */
    public boolean sendEvent(String event, String data, String id) {
        return send(EventFrames.event(event, data, id));
    }

    /**
     * Tells the client how long to wait before reconnecting once the connection is lost
     * (a {@code retry:} line, in milliseconds).
     *
     * @param delay the reconnection delay
     * @return whether the stream is still open after the send
     * @throws IllegalArgumentException when {@code delay} is negative
     */
    public boolean sendRetry(Duration delay) {
        return send(EventFrames.retry(delay));
    }

    /**
     * Sends a comment, which the client ignores: each line of {@code text} as a line starting
     * with {@code :}, then a blank line.
     *
     * @param text the comment
     * @return whether the stream is still open after the send
     */
    public boolean sendComment(String text) {
        return send(EventFrames.comment(text));
    }

    /** @return whether the stream is open: not closed, and the client not known to have left */
    public boolean isOpen() {
        return open.get();
    }

    /**
     * Ends the response cleanly (the last chunk goes out) and the stream with it; a browser's
     * {@code EventSource} then reconnects after its retry delay. Calling it again, or after the
     * client left, does nothing. A send under way on another thread is finished first. Close
     * streams with this rather than {@link Request#finish()}, which a concurrent send could
     * race into an {@link IllegalStateException}.
     */
    public void close() {
        synchronized (sending) {
            if (open.get()) {
                request.finish();
            }
        }
        ended();
    }

    /**
     * A stage that completes, normally, once the stream has ended, however it ended: the client
     * left, {@link #close()} was called, the server stopped, or the site's async timeout
     * passed. So {@code whenClosed().thenRun(...)} is enough to forget the stream; the
     * request's {@code notifyFinish()} tells the ways apart. Its callbacks run on the thread
     * that noticed the end, or at once when asked after it.
     *
     * @return the end notice; completing it from outside does nothing to the stream
     */
    public CompletionStage<Void> whenClosed() {
        return closed.minimalCompletionStage();
    }

    /**
     * @return the {@code Last-Event-ID} the client sent when it opened the stream (the id of
     *         the last event it saw, on a reconnect), or {@code null}
     */
    public String getLastEventId() {
        return lastEventId;
    }

    @Override
    public String toString() {
        return "EventStream[" + request.getPath() + (isOpen() ? "" : ", closed") + "]";
    }

    // ---------------------------------------------------------------- for the resource

    /** Starts the keep-alive ticks, unless the stream has none or has ended already. */
    void startKeepAlive() {
        if (keepAliveNanos > 0) {
            scheduleKeepAlive(keepAliveNanos);
        }
    }

    /** The response has ended, by whatever way: stops the ticks, tells the resource, then the application. */
    void ended() {
        if (open.compareAndSet(true, false)) {
            synchronized (ticks) {
                if (keepAlive != null) {
                    keepAlive.cancel(false);
                }
            }
            onEnd.accept(this);
            closed.complete(null);
        }
    }

    /** @return whether a keep-alive tick is pending; for tests */
    boolean keepAliveScheduled() {
        synchronized (ticks) {
            return keepAlive != null && !keepAlive.isDone();
        }
    }

    // ---------------------------------------------------------------- sending

    private boolean send(byte[] frame) {
        synchronized (sending) {
            if (!open.get()) {
                return false;
            }
            request.write(frame);
            lastSent = System.nanoTime();
        }
        // A write that found the client gone has ended the stream by now, on this thread.
        return open.get();
    }

    /** Schedules the next tick, unless the stream has ended: {@link #ended()} cancels under the same lock. */
    private void scheduleKeepAlive(long delayNanos) {
        synchronized (ticks) {
            if (!open.get()) {
                return;
            }
            try {
                keepAlive = site.callLater(Duration.ofNanos(delayNanos), this::keepAliveDue);
            } catch (RejectedExecutionException e) {
                keepAlive = null; // the site is closing, and ends its held responses itself
            }
        }
    }

    /** On the site's scheduler: writes a keep-alive if the stream has been silent long enough. */
    private void keepAliveDue() {
        if (!open.get()) {
            return;
        }
        long silent = System.nanoTime() - lastSent;
        if (silent < keepAliveNanos) {
            scheduleKeepAlive(keepAliveNanos - silent);
            return;
        }
        try {
            // Not on the scheduler: a write to a client that stopped reading blocks.
            writer.execute(() -> {
                if (send(EventFrames.KEEP_ALIVE)) {
                    scheduleKeepAlive(keepAliveNanos);
                }
            });
        } catch (RejectedExecutionException e) {
            scheduleKeepAlive(keepAliveNanos); // no thread free just now: try again later
        }
    }
}
