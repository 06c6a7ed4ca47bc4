package dev.twistlet.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response side of one {@link Request}: its state (rendering, held open, finished), the
 * status and header guards, body writes, the end, and the {@code notifyFinish()} stages (the
 * part of Twisted's {@code http.Request} that talks to the wire; Jetty's
 * {@code HttpChannelState}).
 *
 * <p><b>Fields and locks.</b> Every field below {@link #lock} is read and written with it
 * held, so that writes, the end and header changes from many threads are serialised. Two
 * fields are {@code volatile} instead, read without the lock: {@link #ended}, which the
 * request's accessors check on every call, and {@link #code}, which logs read. Callbacks of
 * {@code notifyFinish()} stages are user code: they are queued with {@link ScopedLock#then}
 * and run after the outermost release, never under the lock.
 */
@SuppressWarnings("try") // each try (ScopedLock held = lock.hold()) names a hold it never reads
final class ResponseState {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseState.class);
    static final String HTML_UTF8 = "text/html; charset=utf-8";

    private enum State { RENDERING, ASYNC, FINISHED }

    private final HttpRequest request;
    private final RequestChannel channel;
    private final boolean head;
    /** Set once the response has ended: the container's request may be recycled from then on. */
    private volatile boolean ended;
    private volatile int code = 200;

    private final ScopedLock lock = new ScopedLock();
    private State state = State.RENDERING;
    /** The end was the client leaving (or a cut), not {@code finish()}: later calls are quiet. */
    private boolean disconnected;
    /** Why the response ended abnormally, for {@code notifyFinish()} asked afterwards; {@code null} if not known. */
    private String lostBecause;
    private boolean handedOver;
    private RequestEncoder encoder;
    /** Chosen when the first body byte comes; {@code null} until then. */
    private BodyWriter body;
    /** Bytes handed to {@link #write}, sent or not. */
    private long bytesWritten;
    private List<CompletableFuture<Void>> finishNotices;
    /** The site's register this response is in while held open; {@code null} before. */
    private HeldResponses heldIn;
    /** The site's monitor when the response was held open, told of its end; {@code null} until held. */
    private SiteMonitor holdMonitor;

    /**
     * @param request the request this response answers (for encoders and messages)
     * @param channel the container's side of the exchange
     */
    ResponseState(HttpRequest request, RequestChannel channel) {
        this.request = request;
        this.channel = channel;
        this.head = "HEAD".equals(request.getMethod());
    }

    // ---------------------------------------------------------------- the exchange's course

    /**
     * Holds the exchange open past {@code render}: what was written so far goes out now. The
     * site's async timeout applies, and the response is in the site's register of held ones
     * until it ends (see {@link Site#endHeldResponses}).
     */
    void keepOpen(Site site) {
        String endNow = null;
        try (ScopedLock held = lock.hold()) {
            if (state == State.RENDERING) {
                state = State.ASYNC;
                channel.startAsync(site.getAsyncTimeout(), this::connectionLost);
                heldIn = site.heldResponses();
                holdMonitor = site.getMonitor();
                holdMonitor.responseHeld();
                endNow = heldIn.add(this);
                if (bytesWritten > 0 && !head) {
                    channel.flush();
                }
            }
        } catch (IOException e) {
            abort(e);
        }
        if (endNow != null) {
            endHeld(endNow);
        }
    }

    /** Marks the response as written straight to the container: {@link #finish} adds nothing. */
    void handOver() {
        try (ScopedLock held = lock.hold()) {
            handedOver = true;
            channel.handOver();
        }
    }

    /**
     * Sends a whole body and ends: with a type and length of its own when nothing was
     * written before and the status allows a body.
     *
     * @param whole the body
     * @return {@code false} when {@code finish()} had been called already (the body is dropped)
     */
    boolean finishWith(byte[] whole) {
        try (ScopedLock held = lock.hold()) {
            if (state == State.FINISHED) {
                return disconnected;
            }
            if (bytesWritten == 0 && !channel.committed() && bodyAllowed()) {
                if (channel.contentType() == null) {
                    channel.setContentType(HTML_UTF8);
                }
                if (statesLength(whole.length)) {
                    channel.setContentLength(whole.length);
                }
            }
            writeLocked(ByteBuffer.wrap(whole));
            if (state != State.FINISHED) {
                endLocked();
            }
            return true;
        }
    }

    /** With the lock held, for {@link #finishWith}: whether to set the length of the whole body. */
    private boolean statesLength(int length) {
        if (head) {
            // A HEAD answer may state the length GET would send and return no body (Twisted too).
            return !(length == 0 && channel.responseHeader("Content-Length") != null);
        }
        // A length the resource set is corrected. Else, while render runs (a held response
        // would flush the body before its end), the container may state it itself.
        return state != State.RENDERING || !channel.statesLengthOf(length)
                || channel.responseHeader("Content-Length") != null;
    }

    /**
     * Replaces whatever response was under way with a whole page and ends; once part was sent,
     * cuts the connection instead. Does nothing after the end.
     *
     * @param header a header to send with the page, or {@code null}
     * @param cause  why, for the abort when the response is committed; may be {@code null}
     */
    void replace(int status, String header, String value, byte[] page, Throwable cause) {
        try (ScopedLock held = lock.hold()) {
            if (state == State.FINISHED) {
                return;
            }
            if (channel.committed()) {
                abort(cause == null ? new IllegalStateException("status " + status) : cause);
                return;
            }
            channel.reset();
            bytesWritten = 0;
            body = null;
            code = status;
            channel.setStatus(status);
            if (header != null) {
                channel.setHeader(header, value);
            }
            finishWith(page);
        }
    }

    /** Ends the response mid-way: the connection is cut so the client sees it broken. */
    void abort(Throwable cause) {
        endAbnormally(cause, "response aborted", () -> channel.abort(cause));
    }

    /** Told by the channel that the client left, or the site's async timeout passed. */
    private void connectionLost(Throwable cause) {
        endAbnormally(cause, "the client went away before the response was finished", () -> {
            if (cause instanceof TimeoutException) {
                if (channel.committed()) {
                    // Part of the body went out: cut the connection rather than end it cleanly.
                    channel.abort(cause);
                    return;
                }
                channel.setStatus(503);
            }
            channel.abandon();
        });
        LOG.debug("Connection lost before {} {} finished", request.getMethod(), request.getUri(), cause);
    }

    /**
     * The server stops while this response is held open: a response not yet sent is answered
     * 503, one under way is cut (so the client never takes the part for the whole), and
     * {@code notifyFinish()} fails with {@code reason}.
     *
     * @return whether the response was still open and has ended now
     */
    boolean endHeld(String reason) {
        return endAbnormally(null, reason, () -> {
            if (channel.committed()) {
                channel.abort(new ConnectionLostException(reason, null));
                return;
            }
            channel.setStatus(503);
            channel.abandon();
        });
    }

    private boolean endAbnormally(Throwable cause, String message, Runnable release) {
        try (ScopedLock held = lock.hold()) {
            if (state == State.FINISHED) {
                return false;
            }
            keepOriginIfHeld();
            if (body != null) {
                body.release();
            }
            markFinished();
            disconnected = true;
            lostBecause = message;
            List<CompletableFuture<Void>> notices = finishNotices;
            release.run();
            lock.then(() -> failAll(notices, new ConnectionLostException(message, cause)));
            return true;
        }
    }

    /** With the lock held: the response has ended, by whatever way. */
    private void markFinished() {
        state = State.FINISHED;
        ended = true;
        if (heldIn != null) {
            heldIn.remove(this);
        }
        if (holdMonitor != null) {
            holdMonitor.heldResponseEnded();
            holdMonitor = null;
        }
    }

    // ---------------------------------------------------------------- body

    /**
     * Takes body bytes (see {@link Request#write(byte[])}).
     *
     * @throws IllegalStateException after {@code finish()}
     */
    void write(ByteBuffer data) {
        try (ScopedLock held = lock.hold()) {
            if (writable()) {
                writeLocked(data);
            }
        }
    }

    /** With the lock held: after the client left writes are dropped; after finish() one is a bug. */
    private boolean writable() {
        if (state != State.FINISHED) {
            return true;
        }
        if (disconnected) {
            return false;
        }
        throw new IllegalStateException("Request.write called after Request.finish for " + request.getMethod() + " "
                + request.getUri());
    }

    private void writeLocked(ByteBuffer data) {
        if (body == null) {
            beginBody();
        }
        int length = data.remaining();
        bytesWritten += length;
        if (!bodyAllowed() || length == 0) {
            return;
        }
        try {
            body.write(channel, data);
            if (state == State.ASYNC && body.sends()) {
                channel.flush();
            }
        } catch (IOException e) {
            abort(e);
        }
    }

    /** With the lock held, at the first body byte: the headers are final now. */
    private void beginBody() {
        boolean encoding = false;
        if (bodyAllowed()) {
            if (channel.contentType() == null) {
                channel.setContentType(HTML_UTF8);
            }
            if (encoder != null && !channel.committed() && encoder.begin((Request) request)) {
                encoding = true;
                channel.setHeader("Content-Length", null);
            }
        }
        body = BodyWriter.choose(head, encoding ? encoder : null);
    }

    /** Sends what the container has buffered so far (nothing for HEAD, whose headers wait for the length). */
    void flush() {
        try (ScopedLock held = lock.hold()) {
            if (state != State.FINISHED && !head) {
                channel.flush();
            }
        } catch (IOException e) {
            abort(e);
        }
    }

    /** Ends the response; a second call is ignored with a warning, or quietly after the client left. */
    void finish() {
        try (ScopedLock held = lock.hold()) {
            if (state == State.FINISHED) {
                if (!disconnected) {
                    LOG.warn("Request.finish called twice for {} {}; ignored", request.getMethod(), request.getUri());
                }
                return;
            }
            endLocked();
        }
    }

    /** With the lock held and the response open: ends it; the notices complete after release. */
    private void endLocked() {
        keepOriginIfHeld();
        if (!handedOver) {
            if (body == null) {
                if (bodyAllowed() && channel.contentType() == null) {
                    channel.setContentType(HTML_UTF8);
                }
                body = BodyWriter.choose(head, null);
            }
            try {
                body.end(channel, bodyAllowed(), bytesWritten);
            } catch (IOException e) {
                body = null; // its encoder is finished already: nothing left to release
                abort(e);
                return;
            }
        }
        markFinished();
        List<CompletableFuture<Void>> notices = finishNotices;
        try {
            channel.complete();
        } catch (IOException e) {
            disconnected = true;
            channel.abort(e);
            lock.then(() -> failAll(notices, new ConnectionLostException("could not finish the response", e)));
            return;
        }
        if (notices != null) {
            lock.then(() -> notices.forEach(f -> f.complete(null)));
        }
    }

    // ---------------------------------------------------------------- state

    /** @return whether the response was finished or the client went away */
    boolean isFinished() {
        try (ScopedLock held = lock.hold()) {
            return state == State.FINISHED;
        }
    }

    /** @return whether the response has ended; read without the lock */
    boolean isEnded() {
        return ended;
    }

    /** @return see {@link Request#notifyFinish()} */
    CompletionStage<Void> notifyFinish() {
        try (ScopedLock held = lock.hold()) {
            if (state == State.FINISHED) {
                return disconnected
                        ? CompletableFuture.failedStage(new ConnectionLostException(
                                lostBecause != null ? lostBecause : "the client went away", null))
                        : CompletableFuture.completedStage(null);
            }
            if (finishNotices == null) {
                finishNotices = new ArrayList<>(1);
            }
            CompletableFuture<Void> notice = new CompletableFuture<>();
            finishNotices.add(notice);
            return notice;
        }
    }

    private static void failAll(List<CompletableFuture<Void>> notices, ConnectionLostException error) {
        if (notices != null) {
            notices.forEach(f -> f.completeExceptionally(error));
        }
    }

    /**
     * With the lock held, just before the end: a response held open past {@code render}, or one
     * whose end someone awaits, is likely read afterwards, so the request keeps its origin then.
     */
    private void keepOriginIfHeld() {
        if (state == State.ASYNC || finishNotices != null) {
            request.keepOrigin();
        }
    }

    private boolean bodyAllowed() {
        return code != 204 && code != 304 && code >= 200;
    }

    // ---------------------------------------------------------------- status and headers

    /** Sets the status; ignored with a warning once the response was sent. */
    void setResponseCode(int status) {
        try (ScopedLock held = lock.hold()) {
            if (state == State.FINISHED || channel.committed()) {
                LOG.warn("setResponseCode({}) after the response was sent for {} {}; ignored", status,
                        request.getMethod(), request.getUri());
                return;
            }
            code = status;
            channel.setStatus(status);
        }
    }

    /** @return the status set so far */
    int getResponseCode() {
        return code;
    }

    /** Sets ({@code add} false) or adds a header; ignored with a warning after the end. */
    void setHeader(String name, String value, boolean add) {
        try (ScopedLock held = lock.hold()) {
            if (state == State.FINISHED) {
                LOG.warn("{}({}) after the response ended for {} {}; ignored", add ? "addHeader" : "setHeader", name,
                        request.getMethod(), request.getUri());
            } else if (add) {
                channel.addHeader(name, value);
            } else {
                channel.setHeader(name, value);
            }
        }
    }

    /** @return the response header's first value, or {@code null} (always after the end) */
    String getResponseHeader(String name) {
        try (ScopedLock held = lock.hold()) {
            return state == State.FINISHED ? null : channel.responseHeader(name);
        }
    }

    /** Installs the body's encoder; only one, and only before the body starts. */
    void setEncoder(RequestEncoder encoder) {
        try (ScopedLock held = lock.hold()) {
            if (body != null || this.encoder != null) {
                throw new IllegalStateException("setEncoder for " + request.getMethod() + " " + request.getUri()
                        + ": the body has started or an encoder is already set");
            }
            this.encoder = encoder;
        }
    }
}
