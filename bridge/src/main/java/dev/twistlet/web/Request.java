package dev.twistlet.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP request and its response, the counterpart of Twisted's
 * {@code twisted.web.server.Request}.
 *
 * <p>Traversal reads and changes {@link #getPrepath()} and {@link #getPostpath()}. A
 * resource answers by returning a body from {@code render}, or by returning
 * {@link IResource#NOT_DONE_YET} and calling {@link #write(byte[])} and {@link #finish()}
 * itself, from any thread, now or later. Writes made while {@code render} runs are buffered
 * by the container; once the resource has returned {@code NOT_DONE_YET} each write is sent
 * at once, as Twisted sends it. Writes, {@code finish()} and header changes are
 * serialised, so several threads may use one request. After {@code finish()}, a second
 * {@code finish()} is ignored with a warning and {@code write} throws
 * {@link IllegalStateException}; after the client has gone away both are silently ignored.
 *
 * <p>Method, URI and path stay readable after the response ends, and so do host, port,
 * scheme, protocol and client address of a response held open past {@code render} or whose
 * {@link #notifyFinish()} was asked for. Anything else must be read before the end, since
 * the container may recycle its request then; reading it later throws
 * {@link IllegalStateException}.
 */
public class Request {
    private static final Logger LOG = LoggerFactory.getLogger(Request.class);

    /** Methods HTTP defines: an unimplemented one answers 405; any other token 501. */
    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    private static final String HTML_UTF8 = "text/html; charset=utf-8";

    private enum State { RENDERING, ASYNC, FINISHED }

    private final Site site;
    private final RequestChannel channel;
    private final String method;
    private volatile String sitePath;
    private volatile String rawPath;
    private final String rawQuery;
    /** Where the client reached us; read from the channel on first use, or when the response ends. */
    private volatile Origin origin;
    private final List<String> prepath = new java.util.ArrayList<>();
    private final List<String> postpath;
    private final String badPath;
    /** The body, when the dispatcher read it whole before rendering; released at the end. */
    private volatile RequestContent content;

    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.RENDERING;
    private boolean disconnected;
    /** Set once the response has ended: the container's request may be recycled from then on. */
    private volatile boolean ended;
    private boolean bodyStarted;
    private boolean handedOver;
    private RequestEncoder encoder;
    private boolean encoding;
    /** HEAD with an encoder: what GET would have sent, so the length can be told. */
    private long encodedHeadBytes;
    private long bytesWritten;
    private volatile int code = 200;
    private List<CompletableFuture<Void>> finishNotices;
    /** Notices to complete once the outermost holder releases the lock: their callbacks are user code. */
    private Runnable afterUnlock;
    private volatile IResource rendering;

    private volatile Map<String, List<String>> args;
    private volatile String hostOverride;
    private volatile InetSocketAddress clientOverride;
    private volatile int portOverride;
    private volatile boolean secureOverride;

    /**
     * Wraps one exchange; the postpath is the channel's raw path split and decoded.
     *
     * @param site    the site the request is for
     * @param channel the container's side of the exchange
     */
    public Request(Site site, RequestChannel channel) {
        this.site = site;
        this.channel = channel;
        this.method = channel.method();
        // Kept here: after the response completes, the container may recycle its request.
        this.sitePath = channel.sitePath();
        this.rawPath = channel.rawPath();
        this.rawQuery = channel.rawQuery();
        List<String> segments;
        String bad = null;
        try {
            segments = PathSegments.split(rawPath);
        } catch (IllegalArgumentException e) {
            segments = new java.util.ArrayList<>();
            bad = e.getMessage();
        }
        this.postpath = segments;
        this.badPath = bad;
    }

    // ---------------------------------------------------------------- processing

    /**
     * Traverses the site's tree and renders what it finds; called once by the container
     * bridge. A path that is not valid percent-encoded UTF-8 answers 400.
     */
    public void process() {
        if (badPath != null) {
            replaceResponse(400, null, null, ErrorPage.page(400, "Bad Request", badPath), null);
            return;
        }
        IResource target;
        try {
            target = site.getResourceFor(this);
        } catch (RuntimeException e) {
            processingFailed(e, site.getResource());
            return;
        }
        if (target instanceof StreamingResource) {
            ContentException refused = ContentReader.refusedAtOnce(site.getContentLimits(), channel);
            if (refused != null) {
                refuseContent(refused);
            } else {
                render(target);
            }
        } else if (channel.hasContent()) {
            ContentReader.read(site, channel, body -> {
                content = body;
                notifyFinish().whenComplete((ok, gone) -> body.close());
                render(target);
            }, this::contentFailed);
        } else {
            render(target);
        }
    }

    /** The body could not be read whole: the client's fault (or a busy server), said in one line. */
    private void contentFailed(Throwable cause) {
        if (cause instanceof ContentException refused) {
            refuseContent(refused);
        } else if (cause instanceof java.util.concurrent.TimeoutException) {
            refuseContent(new ContentException(408, "the request body did not arrive in time"));
        } else {
            // Broken framing (a bad chunk), or a client that left: then nobody reads the answer.
            refuseContent(new ContentException(400, "the request body could not be read: " + cause.getMessage()));
        }
    }

    /** Answers a refused body with its status and closes the connection: its rest is never read. */
    private void refuseContent(ContentException refused) {
        int status = refused.getStatus();
        InetSocketAddress client = getClientAddress();
        LOG.info("{} {} from {}: {} ({})", method, getUri(), client == null ? "-" : client.getHostString(), status,
                refused.getMessage());
        String brief = switch (status) {
            case 400 -> "Bad Request";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
        writeError(status, "Connection", "close", brief, refused.getMessage());
    }

    /**
     * Renders {@code resource} for this request and sends what it returns (Twisted's
     * {@code Request.render}). Resources that continue traversal later, such as
     * {@link DeferredResource}, call it after returning {@code NOT_DONE_YET}.
     *
     * @param resource the resource to render
     */
    public void render(IResource resource) {
        rendering = resource;
        Object body;
        try {
            body = resource.render(this);
        } catch (UnsupportedMethodException e) {
            unsupportedMethod(e);
            return;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            processingFailed(e, resource);
            return;
        }
        sendResult(body, resource);
    }

    private void sendResult(Object body, IResource resource) {
        if (body == IResource.NOT_DONE_YET) {
            keepOpen();
        } else if (body instanceof String text) {
            finishWith(text.getBytes(StandardCharsets.UTF_8));
        } else if (body instanceof byte[] bytes) {
            finishWith(bytes);
        } else if (body instanceof CompletionStage<?> stage) {
            if (!(stage instanceof Future<?> future && future.isDone())) {
                keepOpen();
            }
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    processingFailed(unwrap(error), resource);
                } else if (value instanceof String || value instanceof byte[]) {
                    sendResult(value, resource);
                } else {
                    processingFailed(new IllegalStateException(resource.getClass().getName()
                            + ".render returned a CompletionStage that completed with " + describe(value)
                            + "; expected a String or a byte[]"), resource);
                }
            });
        } else {
            processingFailed(new IllegalStateException(resource.getClass().getName() + ".render returned "
                    + describe(body) + "; expected a String, a byte[], NOT_DONE_YET or a CompletionStage"),
                    resource);
        }
    }

    /**
     * Hands the response over to code that writes it straight to the container, such as a
     * foreign servlet run by {@code ServletResource}: the exchange is held open now, as for
     * {@link IResource#NOT_DONE_YET}, and {@link #finish()} will end it without adding a
     * default type or length of its own. Call it from {@code render}, then return
     * {@code NOT_DONE_YET}.
     */
    public void handOver() {
        lock.lock();
        try {
            handedOver = true;
            channel.handOver();
        } finally {
            unlock();
        }
        keepOpen();
    }

    /**
     * @param type the container-side view wanted, e.g. the servlet bridge's channel
     * @param <T>  its type
     * @return the channel this request runs over, as {@code type}, or {@code null}
     */
    public <T> T unwrap(Class<T> type) {
        return channel.unwrap(type);
    }

    private void keepOpen() {
        lock.lock();
        try {
            if (state == State.RENDERING) {
                state = State.ASYNC;
                channel.startAsync(site.getAsyncTimeout(), this::connectionLost);
                if (bytesWritten > 0 && !"HEAD".equals(method)) {
                    channel.flush();
                }
            }
        } catch (IOException e) {
            abort(e);
        } finally {
            unlock();
        }
    }

    private void finishWith(byte[] body) {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                if (!disconnected) {
                    IResource resource = rendering;
                    LOG.warn("{} returned a body for {} {} after finish() was called; body dropped",
                            resource == null ? "A resource" : resource.getClass().getName(), method, getUri());
                }
                return;
            }
            if (bytesWritten == 0 && !channel.committed() && bodyAllowed()) {
                if (channel.contentType() == null) {
                    channel.setContentType(HTML_UTF8);
                }
                // A HEAD answer may state the length GET would send and return no body (Twisted too).
                boolean headLengthGiven = "HEAD".equals(method) && body.length == 0
                        && channel.responseHeader("Content-Length") != null;
                if (!headLengthGiven) {
                    channel.setContentLength(body.length);
                }
            }
            writeLocked(body);
            if (state != State.FINISHED) {
                endLocked();
            }
        } finally {
            unlock();
        }
    }

    /**
     * Answers 500 for a failure while rendering: "Processing Failed", or the escaped stack
     * trace when the site displays tracebacks; the failure is always logged with the
     * resource's class. When part of the response was already sent, the connection is
     * aborted instead, so the client cannot mistake it for a whole one.
     *
     * @param error    what went wrong
     * @param resource the resource that was rendering
     */
    public void processingFailed(Throwable error, IResource resource) {
        String name = resource == null ? "(no resource)" : resource.getClass().getName();
        LOG.error("Processing failed for {} {} in {}", method, getUri(), name, error);
        String page = site.isDisplayTracebacks() ? tracebackPage(error) : ErrorPage.PROCESSING_FAILED;
        replaceResponse(500, null, null, page, error);
    }

    private void unsupportedMethod(UnsupportedMethodException e) {
        if (STANDARD_METHODS.contains(method)) {
            List<String> allowed = e.getAllowedMethods();
            String detail = "Your browser approached me (at " + getUri() + ") with the method \"" + method
                    + "\".  I only allow the method" + (allowed.size() == 1 ? " " : "s ")
                    + String.join(", ", allowed) + " here.";
            replaceResponse(405, "Allow", String.join(", ", allowed), ErrorPage.page(405, "Method Not Allowed", detail), e);
        } else {
            replaceResponse(501, null, null,
                    ErrorPage.page(501, "Huh?", "I don't know how to treat a " + method + " request."), e);
        }
    }

    /**
     * Answers with an error page in place of whatever response was under way (Jetty's
     * {@code Response.writeError}): {@code status} and a {@code text/html} page titled
     * {@code brief}, with {@code detail} below, both escaped ({@link ErrorPage#page}); the
     * exchange then ends. Headers set before are dropped. Once part of the response was sent,
     * a whole answer is no longer possible: the connection is cut instead, so the client
     * cannot take the part for the whole. After the end it does nothing. Safe from any thread.
     *
     * @param status the status code
     * @param brief  the page's title and heading
     * @param detail the paragraph below it
     */
    public void writeError(int status, String brief, String detail) {
        writeError(status, null, null, brief, detail);
    }

    /**
     * {@link #writeError(int, String, String)} with one header on the answer, e.g.
     * {@code Retry-After} on a 503.
     *
     * @param status the status code
     * @param header the header's name, or {@code null} for none
     * @param value  its value
     * @param brief  the page's title and heading
     * @param detail the paragraph below it
     */
    public void writeError(int status, String header, String value, String brief, String detail) {
        replaceResponse(status, header, value, ErrorPage.page(status, brief, detail), null);
    }

    /**
     * Replaces whatever response was under way with a whole page, or aborts if too late.
     *
     * @param header a header to send with it, or {@code null}
     * @param value  that header's value
     */
    private void replaceResponse(int status, String header, String value, String html, Throwable cause) {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                return;
            }
            if (channel.committed()) {
                abort(cause == null ? new IllegalStateException("status " + status) : cause);
                return;
            }
            channel.reset();
            bytesWritten = 0;
            bodyStarted = false;
            setResponseCode(status);
            if (header != null) {
                channel.setHeader(header, value);
            }
        } finally {
            unlock();
        }
        finishWith(html.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the response mid-way: the connection is cut so the client sees it broken. */
    private void abort(Throwable cause) {
        endAbnormally(cause, "response aborted", () -> channel.abort(cause));
    }

    /**
     * Told by the channel that the client went away (or the site's async timeout passed)
     * before {@link #finish()}: fails {@link #notifyFinish()} and makes later writes no-ops.
     */
    private void connectionLost(Throwable cause) {
        endAbnormally(cause, "the client went away before the response was finished", () -> {
            if (cause instanceof java.util.concurrent.TimeoutException) {
                if (channel.committed()) {
                    // Part of the body went out: cut the connection rather than end it cleanly.
                    channel.abort(cause);
                    return;
                }
                channel.setStatus(503);
            }
            channel.abandon();
        });
        LOG.debug("Connection lost before {} {} finished", method, getUri(), cause);
    }

    private void endAbnormally(Throwable cause, String message, Runnable release) {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                return;
            }
            keepOriginIfHeld();
            if (encoding) {
                encoder.finish();
            }
            state = State.FINISHED;
            disconnected = true;
            ended = true;
            List<CompletableFuture<Void>> notices = finishNotices;
            release.run();
            then(() -> failAll(notices, new ConnectionLostException(message, cause)));
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Sends body bytes. The first write sets {@code Content-Type: text/html; charset=utf-8}
     * unless a type was set. HEAD responses, 204 and 304 count the bytes but send none.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(byte[] data) {
        lock.lock();
        try {
            if (writable()) {
                writeLocked(data);
            }
        } finally {
            unlock();
        }
    }

    /**
     * With the lock held: whether a write may go ahead. After the client left, writes are
     * dropped quietly; after {@link #finish()}, a write is a bug in the resource.
     */
    private boolean writable() {
        if (state != State.FINISHED) {
            return true;
        }
        if (disconnected) {
            return false;
        }
        throw new IllegalStateException("Request.write called after Request.finish for " + method + " " + getUri());
    }

    private void writeLocked(byte[] data) {
        if (!bodyStarted) {
            beginBody();
        }
        bytesWritten += data.length;
        if (!bodyAllowed() || data.length == 0) {
            return;
        }
        if (!"HEAD".equals(method)) {
            send(encoding ? encoder.encode(data) : data);
        } else if (encoding) {
            encodedHeadBytes += encoder.encode(data).length;
        }
    }

    private void writeLocked(ByteBuffer data) {
        if (!bodyStarted) {
            beginBody();
        }
        int length = data.remaining();
        bytesWritten += length;
        if (!bodyAllowed() || length == 0) {
            return;
        }
        if (!"HEAD".equals(method)) {
            send(encoding ? ByteBuffer.wrap(encoder.encode(bytes(data))) : data);
        } else if (encoding) {
            encodedHeadBytes += encoder.encode(bytes(data)).length;
        }
    }

    private static byte[] bytes(ByteBuffer data) {
        if (data.hasArray() && data.arrayOffset() == 0 && data.position() == 0 && data.remaining() == data.array().length) {
            return data.array();
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        return copy;
    }

    private void send(byte[] data) {
        try {
            if (data.length > 0) {
                channel.write(data, 0, data.length);
            }
            if (state == State.ASYNC) {
                channel.flush();
            }
        } catch (IOException e) {
            abort(e);
        }
    }

    private void send(ByteBuffer data) {
        try {
            if (data.hasRemaining()) {
                channel.write(data);
            }
            if (state == State.ASYNC) {
                channel.flush();
            }
        } catch (IOException e) {
            abort(e);
        }
    }

    /** With the lock held, at the first body byte: the headers are final now. */
    private void beginBody() {
        bodyStarted = true;
        if (!bodyAllowed()) {
            return;
        }
        if (channel.contentType() == null) {
            channel.setContentType(HTML_UTF8);
        }
        if (encoder != null && !channel.committed() && encoder.begin(this)) {
            encoding = true;
            channel.setHeader("Content-Length", null);
        }
    }

    /**
     * Sends the bytes of a buffer, from its position to its limit, as {@link #write(byte[])}
     * does; the buffer is consumed. A direct buffer may reach the socket without a copy
     * through the heap, when the container allows.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(ByteBuffer data) {
        lock.lock();
        try {
            if (writable()) {
                writeLocked(data);
            }
        } finally {
            unlock();
        }
    }

    /**
     * Sends text as UTF-8, as {@link #write(byte[])} does.
     *
     * @param text the text
     */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends what the container has buffered so far.
     */
    public void flush() {
        lock.lock();
        try {
            if (state != State.FINISHED && !"HEAD".equals(method)) {
                channel.flush();
            }
        } catch (IOException e) {
            abort(e);
        } finally {
            unlock();
        }
    }

    /**
     * Ends the response. A HEAD response without a length gets the length of what was
     * written. A second call is ignored with a warning; after the client went away it is
     * silently ignored.
     */
    public void finish() {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                if (!disconnected) {
                    LOG.warn("Request.finish called twice for {} {}; ignored", method, getUri());
                }
                return;
            }
            endLocked();
        } finally {
            unlock();
        }
    }

    /** With the lock held and the response open: ends it; the notices complete after unlock. */
    private void endLocked() {
        keepOriginIfHeld();
        if (handedOver) {
            endExchange();
            return;
        }
        if (!bodyStarted && bodyAllowed() && channel.contentType() == null) {
            channel.setContentType(HTML_UTF8);
        }
        boolean head = "HEAD".equals(method);
        if (encoding) {
            byte[] tail = encoder.finish();
            if (!head) {
                send(tail);
                if (state == State.FINISHED) {
                    return;
                }
            }
            encodedHeadBytes += tail.length;
        }
        if (head && bodyAllowed() && !channel.committed() && channel.responseHeader("Content-Length") == null) {
            // Without a length the container would announce an empty body.
            channel.setContentLength(encoding ? encodedHeadBytes : bytesWritten);
        }
        endExchange();
    }

    /** With the lock held: marks the response finished, completes it, then the notices. */
    private void endExchange() {
        state = State.FINISHED;
        ended = true;
        List<CompletableFuture<Void>> notices = finishNotices;
        try {
            channel.complete();
        } catch (IOException e) {
            disconnected = true;
            channel.abort(e);
            then(() -> failAll(notices, new ConnectionLostException("could not finish the response", e)));
            return;
        }
        if (notices != null) {
            then(() -> notices.forEach(f -> f.complete(null)));
        }
    }

    /** With the lock held: runs {@code task} once the outermost holder has released the lock. */
    private void then(Runnable task) {
        Runnable before = afterUnlock;
        afterUnlock = before == null ? task : () -> {
            before.run();
            task.run();
        };
    }

    /** Releases the lock; the outermost release runs what {@link #then} queued. */
    private void unlock() {
        Runnable queued = null;
        if (lock.getHoldCount() == 1) {
            queued = afterUnlock;
            afterUnlock = null;
        }
        lock.unlock();
        if (queued != null) {
            queued.run();
        }
    }

    /** @return whether {@link #finish()} was called or the client went away */
    public boolean isFinished() {
        lock.lock();
        try {
            return state == State.FINISHED;
        } finally {
            unlock();
        }
    }

    /**
     * A stage that completes normally when the response is finished and exceptionally, with
     * a {@link ConnectionLostException}, when the client goes away first. Asked after the
     * end, it is already complete (unlike Twisted's, which never fires then).
     *
     * @return the finish notice
     */
    public CompletionStage<Void> notifyFinish() {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                return disconnected
                        ? CompletableFuture.failedStage(new ConnectionLostException("the client went away", null))
                        : CompletableFuture.completedStage(null);
            }
            if (finishNotices == null) {
                finishNotices = new ArrayList<>(1);
            }
            CompletableFuture<Void> notice = new CompletableFuture<>();
            finishNotices.add(notice);
            return notice;
        } finally {
            unlock();
        }
    }

    private static void failAll(List<CompletableFuture<Void>> notices, ConnectionLostException error) {
        if (notices != null) {
            notices.forEach(f -> f.completeExceptionally(error));
        }
    }

    private boolean bodyAllowed() {
        return code != 204 && code != 304 && code >= 200;
    }

    // ---------------------------------------------------------------- response status and headers

    /**
     * Sets the status code; ignored with a warning once the response has been sent.
     *
     * @param code an HTTP status code
     */
    public void setResponseCode(int code) {
        lock.lock();
        try {
            if (state == State.FINISHED || channel.committed()) {
                LOG.warn("setResponseCode({}) after the response was sent for {} {}; ignored", code, method, getUri());
                return;
            }
            this.code = code;
            channel.setStatus(code);
        } finally {
            unlock();
        }
    }

    /** @return the status code set so far (200 by default) */
    public int getResponseCode() {
        return code;
    }

    /**
     * Sets a response header, replacing earlier values; {@code null} removes it. Ignored
     * with a warning once the response has ended.
     *
     * @param name  header name
     * @param value header value, or {@code null}
     */
    public void setHeader(String name, String value) {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                LOG.warn("setHeader({}) after the response ended for {} {}; ignored", name, method, getUri());
                return;
            }
            channel.setHeader(name, value);
        } finally {
            unlock();
        }
    }

    /**
     * Adds a value to a response header.
     *
     * @param name  header name
     * @param value header value
     */
    public void addHeader(String name, String value) {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                LOG.warn("addHeader({}) after the response ended for {} {}; ignored", name, method, getUri());
                return;
            }
            channel.addHeader(name, value);
        } finally {
            unlock();
        }
    }

    /**
     * @param name a header name, in any case
     * @return the first value of that response header, or {@code null} (always once the
     *         response has ended)
     */
    public String getResponseHeader(String name) {
        lock.lock();
        try {
            if (state == State.FINISHED) {
                return null;
            }
            return channel.responseHeader(name);
        } finally {
            unlock();
        }
    }

    /**
     * Answers 302 with {@code Location: url}; the resource still returns or writes a body.
     *
     * @param url where to send the client
     */
    public void redirect(String url) {
        setResponseCode(302);
        setHeader("Location", url);
    }

    /**
     * Installs the encoder for this response's body (see {@link RequestEncoder}); only one
     * per request, and only before the body starts. {@code EncodingResourceWrapper} calls it.
     *
     * @param encoder the encoder
     * @throws IllegalStateException when the body has started or an encoder is installed
     */
    public void setEncoder(RequestEncoder encoder) {
        lock.lock();
        try {
            if (bodyStarted || this.encoder != null) {
                throw new IllegalStateException("setEncoder for " + method + " " + getUri()
                        + ": the body has started or an encoder is already set");
            }
            this.encoder = encoder;
        } finally {
            unlock();
        }
    }

    /**
     * Sets {@code Last-Modified} and checks {@code If-Modified-Since}.
     *
     * @param when the resource's modification time (sent to the second)
     * @return {@code true} when the client's copy is current: the code is then 304 and the
     *         resource should return an empty body
     */
    public boolean setLastModified(Instant when) {
        setHeader("Last-Modified", Conditional.formatDate(when));
        if (Conditional.notModifiedSince(when, this)) {
            setResponseCode(304);
            return true;
        }
        return false;
    }

    /**
     * Sets {@code ETag} and checks {@code If-None-Match} (weak comparison).
     *
     * @param etag the tag, quoted or not ({@code W/"x"} marks a weak one)
     * @return {@code true} when a tag matched: the code is then 304 for GET and HEAD and 412
     *         otherwise, and the resource should return an empty body
     */
    public boolean setETag(String etag) {
        String tag = Conditional.quoteETag(etag);
        setHeader("ETag", tag);
        if (getHeader("If-None-Match") != null && Conditional.noneMatchHits(tag, getHeaders("If-None-Match"))) {
            setResponseCode("GET".equals(method) || "HEAD".equals(method) ? 304 : 412);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- what the client sent

    /** @return the method as sent, e.g. {@code GET} */
    public String getMethod() {
        return method;
    }

    /** @return the protocol, e.g. {@code HTTP/1.1} */
    public String getProtocol() {
        return origin().protocol();
    }

    /** @return the raw request target: path and query as sent */
    public String getUri() {
        return rawQuery == null ? getPath() : getPath() + "?" + rawQuery;
    }

    /** @return the query as sent (still percent-encoded), without {@code ?}; {@code null} when there was none */
    public String getQuery() {
        return rawQuery;
    }

    /** @return the raw path as sent, without the query */
    public String getPath() {
        return sitePath + rawPath;
    }

    /**
     * Changes the path this request reports from now on ({@link #getPath()},
     * {@link #getUri()}, {@link #prePathURL()}), as Twisted's VHostMonster and rewriters
     * change {@code request.path} and {@code request.uri}. The prepath and postpath are the
     * caller's to adjust; the query stays.
     *
     * @param sitePath the raw path before the site's root, {@code ""} for none
     * @param rawPath  the raw path below it, starting with {@code /}
     */
    public void setPath(String sitePath, String rawPath) {
        this.sitePath = sitePath;
        this.rawPath = rawPath;
    }

    /** @return the raw path before the site's root (a servlet's context and mapping) */
    public String getSitePath() {
        return sitePath;
    }

    /** @return the decoded segments traversal has consumed; mutable, as in Twisted */
    public List<String> getPrepath() {
        return prepath;
    }

    /** @return the decoded segments traversal has yet to consume; mutable, as in Twisted */
    public List<String> getPostpath() {
        return postpath;
    }

    /**
     * @return the container's worker pool when the container shares it (Jetty does), else
     *         {@code null}; a client whose callbacks write to requests runs best on it, as
     *         Jetty's own {@code ProxyServlet} does
     */
    public Executor getContainerExecutor() {
        return channel.containerExecutor();
    }

    /** @return the site serving this request */
    public Site getSite() {
        return site;
    }

    /**
     * @return query and form arguments, decoded, each name with its values in order; a form
     *         body counts up to {@value #MAX_FORM_BYTES} bytes
     */
    public Map<String, List<String>> getArgs() {
        Map<String, List<String>> a = args;
        if (a == null) {
            requireOpen("getArgs");
            RequestContent read = content;
            a = read == null ? channel.parameters() : argsWithForm(read);
            args = a;
        }
        return a;
    }

    /** The longest form body whose fields become arguments, as Tomcat's {@code maxPostSize}. */
    public static final int MAX_FORM_BYTES = 2 << 20;

    /** The query's arguments, then those of a form body the dispatcher read. */
    private Map<String, List<String>> argsWithForm(RequestContent read) {
        Map<String, List<String>> merged = new java.util.LinkedHashMap<>();
        FormArguments.addTo(merged, rawQuery, StandardCharsets.UTF_8);
        String type = channel.header("Content-Type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                && read.length() <= MAX_FORM_BYTES) {
            java.nio.charset.Charset charset = charsetOf(type);
            FormArguments.addTo(merged, new String(read.bytes(), charset), charset);
        }
        merged.replaceAll((name, values) -> List.copyOf(values));
        return java.util.Collections.unmodifiableMap(merged);
    }

    private static java.nio.charset.Charset charsetOf(String contentType) {
        int at = contentType.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String name = contentType.substring(at + 8).split(";")[0].trim().replace("\"", "");
            try {
                return java.nio.charset.Charset.forName(name);
            } catch (IllegalArgumentException unknown) {
                // the default below
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * @param name an argument name
     * @return its first value, or {@code null}
     */
    public String getArg(String name) {
        List<String> values = getArgs().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * @param name a header name, in any case
     * @return the first value of that request header, or {@code null}
     */
    public String getHeader(String name) {
        requireOpen("getHeader");
        return channel.header(name);
    }

    /**
     * @param name a header name, in any case
     * @return every value of that request header; empty when absent
     */
    public List<String> getHeaders(String name) {
        requireOpen("getHeaders");
        return channel.headers(name);
    }

    /** @return the names of the request's headers */
    public Collection<String> getHeaderNames() {
        requireOpen("getHeaderNames");
        return channel.headerNames();
    }

    /**
     * Returns the browser's session, creating it (and its cookie) on first use, with the
     * site's session timeout. Call it before the response is committed when it may create a
     * session, since creating one sets a cookie.
     *
     * @return the session
     */
    public Session getSession() {
        return getSession(true);
    }

    /**
     * @param create whether to create a session when the browser has none
     * @return the browser's session, or {@code null} when it has none and {@code create} is false
     */
    public Session getSession(boolean create) {
        requireOpen("getSession");
        return channel.session(create, site.getSessionTimeout());
    }

    /**
     * @param name a cookie name
     * @return the value the client sent for it, or {@code null}
     */
    public String getCookie(String name) {
        for (String header : getHeaders("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return pair.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    /**
     * The request body. For most resources the dispatcher has read it whole before
     * {@code render} (see {@link ContentLimits}), and each call gives a stream from its first
     * byte; for a {@link StreamingResource} it is the container's live stream, read once.
     *
     * @return the request body as a stream
     * @throws IOException when the container cannot give it
     */
    public InputStream getContent() throws IOException {
        requireOpen("getContent");
        RequestContent read = content;
        return read != null ? read.open() : channel.content();
    }

    /**
     * @return the body's length: exact when the dispatcher read it whole (for every resource
     *         but a {@link StreamingResource}), else the declared {@code Content-Length}, or
     *         -1 when the length is not known
     */
    public long getContentLength() {
        requireOpen("getContentLength");
        RequestContent read = content;
        return read != null ? read.length() : channel.contentLength();
    }

    /** @return whether the request came over TLS, or was declared so by {@link #setHost} */
    public boolean isSecure() {
        return hostOverride != null ? secureOverride : origin().secure();
    }

    /** @return the host name the client asked for, without port */
    public String getHost() {
        return hostOverride != null ? hostOverride : origin().host();
    }

    /** @return the port the client asked for */
    public int getPort() {
        return hostOverride != null ? portOverride : origin().port();
    }

    /**
     * Declares the public host, port and scheme, for a server behind a proxy (Twisted's
     * {@code setHost}); {@link #prePathURL()} and redirects use them from then on.
     *
     * @param host   host name
     * @param port   port
     * @param secure whether the public URL is {@code https}
     */
    public void setHost(String host, int port, boolean secure) {
        this.portOverride = port;
        this.secureOverride = secure;
        this.hostOverride = host;
    }

    /** @return the client's address, or {@code null} when the transport has none */
    public InetSocketAddress getClientAddress() {
        InetSocketAddress override = clientOverride;
        return override != null ? override : origin().clientAddress();
    }

    /**
     * Declares the client's address, for a server behind a trusted proxy that reports it
     * ({@code ForwardedResource}); {@link #getClientAddress()} returns it from then on.
     *
     * @param client the address the proxy says the request came from
     */
    public void setClientAddress(InetSocketAddress client) {
        this.clientOverride = client;
    }

    /** @return the user the container authenticated (servlet security), or {@code null} */
    public String getRemoteUser() {
        requireOpen("getRemoteUser");
        return channel.remoteUser();
    }

    /** @return how the container authenticated the user ({@code BASIC}, ...), or {@code null} */
    public String getAuthType() {
        requireOpen("getAuthType");
        return channel.authType();
    }

    /**
     * @return the absolute URL of the resource traversal has reached:
     *         {@code scheme://host[:port]} + the site path + the quoted prepath
     */
    public String prePathURL() {
        boolean secure = isSecure();
        int port = getPort();
        String host = getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        StringBuilder url = new StringBuilder(secure ? "https://" : "http://").append(host);
        if (port != (secure ? 443 : 80)) {
            url.append(':').append(port);
        }
        String mount = getMountPath();
        return url.append(mount.isEmpty() || prepath.isEmpty() ? mount + "/" : mount).toString();
    }

    /**
     * @return the raw URL path of what traversal has consumed: the site path and the
     *         quoted prepath, e.g. {@code /ctx/app/api} for a resource mounted at {@code api}
     *         ({@code ""} at the root); {@link #prePathURL()} without scheme and host
     */
    public String getMountPath() {
        StringBuilder path = new StringBuilder(sitePath);
        for (String segment : prepath) {
            path.append('/').append(PathSegments.quote(segment));
        }
        return path.toString();
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + getUri() + "]";
    }

    // ---------------------------------------------------------------- helpers

    /** The client's side of the connection, as the channel reported it. */
    private record Origin(String protocol, String host, int port, boolean secure, InetSocketAddress clientAddress) {
    }

    private Origin origin() {
        Origin o = origin;
        if (o == null) {
            requireOpen("getHost/getPort/isSecure/getProtocol/getClientAddress");
            o = new Origin(channel.protocol(), channel.host(), channel.port(), channel.secure(), channel.clientAddress());
            origin = o;
        }
        return o;
    }

    /**
     * With the lock held, just before the end: a response held open past {@code render}, or
     * one whose end someone awaits, is likely read afterwards, so keep its origin then.
     */
    private void keepOriginIfHeld() {
        if (origin == null && (state == State.ASYNC || finishNotices != null)) {
            origin();
        }
    }

    /** The container may recycle its request once the response ends: fail clearly instead. */
    private void requireOpen(String what) {
        if (ended) {
            throw new IllegalStateException("Request." + what + " called after the response to " + method + " "
                    + getUri() + " ended; read what you need before finish()");
        }
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException)
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }

    private static String tracebackPage(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return "<html><head><title>web.Server Traceback (most recent call last)</title></head><body>"
                + "<b>web.Server Traceback (most recent call last):</b>\n\n<pre>" + Html.escape(trace.toString())
                + "</pre>\n</body></html>";
    }
}
