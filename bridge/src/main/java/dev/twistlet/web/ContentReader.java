package dev.twistlet.web;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads one request body whole before {@code render}, within the site's {@link ContentLimits}:
 * refuses it at once when too many bodies are being read or its declared length is too
 * long, and cuts it when it arrives slower than the minimum rate. Exactly one of the two
 * outcomes happens, once: the content to render with, or the reason it was refused.
 */
final class ContentReader {
    private final Site site;
    private final ContentLimits limits;
    private final RequestContent content;
    private final Consumer<RequestContent> then;
    private final Consumer<Throwable> failed;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final long started = System.nanoTime();
    private volatile ScheduledFuture<?> check;

    private ContentReader(Site site, Consumer<RequestContent> then, Consumer<Throwable> failed) {
        this.site = site;
        this.limits = site.getContentLimits();
        this.content = new RequestContent(limits.maxBytes(), limits.inMemoryBytes());
        this.then = then;
        this.failed = failed;
    }

    /**
     * Starts reading the body of {@code channel}'s request.
     *
     * @param site    the site, for its limits, its count of bodies in flight and its scheduler
     * @param channel the exchange
     * @param then    gets the whole body (on a container thread)
     * @param failed  gets a {@link ContentException} when the body is refused, or the
     *                connection's failure
     */
    static void read(Site site, RequestChannel channel, Consumer<RequestContent> then, Consumer<Throwable> failed) {
        ContentException refused = refusedAtOnce(site.getContentLimits(), channel);
        if (refused != null) {
            failed.accept(refused);
            return;
        }
        if (!site.bodyReadStarted()) {
            failed.accept(new ContentException(503, "too many request bodies are being read; try again later"));
            return;
        }
        ContentReader reader = new ContentReader(site, then, failed);
        if (reader.limits.minBytesPerSecond() > 0) {
            reader.scheduleCheck(reader.limits.grace());
        }
        channel.readContent(reader.content, site.getAsyncTimeout(), reader::done, reader::fail);
    }

    /** @return why a body is refused before a byte of it is read, or {@code null} */
    static ContentException refusedAtOnce(ContentLimits limits, RequestChannel channel) {
        long declared = channel.contentLength();
        if (declared > limits.maxBytes()) {
            return new ContentException(413, "the request body of " + declared + " bytes is longer than "
                    + limits.maxBytes() + " bytes");
        }
        return null;
    }

    private void done() {
        if (settle()) {
            then.accept(content);
        }
    }

    private void fail(Throwable cause) {
        if (settle()) {
            content.close();
            failed.accept(cause);
        }
    }

    private boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> pending = check;
        if (pending != null) {
            pending.cancel(false);
        }
        site.bodyReadEnded();
        return true;
    }

    /** The deadline moves a second later for every {@code minBytesPerSecond} bytes received. */
    private void scheduleCheck(Duration delay) {
        check = site.callLater(delay, () -> {
            if (settled.get()) {
                return;
            }
            Duration allowed = limits.grace().plusMillis(content.length() * 1000 / limits.minBytesPerSecond());
            Duration left = allowed.minusNanos(System.nanoTime() - started);
            if (left.isNegative() || left.isZero()) {
                fail(new ContentException(408, "the request body arrived slower than "
                        + limits.minBytesPerSecond() + " bytes a second"));
            } else {
                scheduleCheck(left);
            }
        });
    }
}
