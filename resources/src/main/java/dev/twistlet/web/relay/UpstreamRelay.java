package dev.twistlet.web.relay;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Passes an answer from somewhere upstream (a CGI script, an HTTP server, a personal
 * server) to the client of a request held open with {@code NOT_DONE_YET}: one head, body
 * chunks as they come, then an end or a failure. The same for every kind of upstream:
 *
 * <ul>
 * <li>the head's headers go through {@link RelayHeaders#forAnswer}, so hop-by-hop headers,
 *     {@code Server} and {@code Date} stay behind (a forward proxy's relay passes the last two
 *     on, {@link RelayHeaders#forForwardedAnswer}); repeated headers stay repeated, in order;
 * <li>each chunk reaches the client as soon as it is given (a request held open sends each
 *     write at once), so a stream of events arrives event by event;
 * <li>a failure before the head is an error page with the status the caller names (502,
 *     504...); after it, a processing failure: a 500 page while nothing has gone out yet,
 *     else the client's connection is cut, so a cut body is never passed off as whole;
 * <li>once the client has gone away, nothing more is sent, and the actions given to
 *     {@link #onClientLeft} run, once, to stop the upstream.
 * </ul>
 *
 * <p>The methods may be called from any thread, one at a time per relay, in the order head,
 * body..., then end or fail.
 */
public final class UpstreamRelay {
    /** Headers the client gets once: the upstream's replaces what this server set. */
    private static final Set<String> REPLACING = Set.of("content-type", "content-length", "server",
            "date");
    private final Request request;
    private final IResource resource;
    private final CompletableFuture<Throwable> left = new CompletableFuture<>();
    private final boolean forwardProxy;
    private volatile boolean headSent;

    /**
     * Starts a gateway's relay for one request (CGI, reverse proxy, personal server) and
     * watches for its client going away.
     *
     * @param request  the client's request, held open by the caller
     * @param resource the resource relaying, named in failure reports
     */
    public UpstreamRelay(Request request, IResource resource) {
        this(request, resource, false);
    }

    /**
     * Starts a relay for one request and watches for its client going away.
     *
     * @param request      the client's request, held open by the caller
     * @param resource     the resource relaying, named in failure reports
     * @param forwardProxy whether it is a forward proxy's relay, which passes the origin's
     *                     {@code Server} and {@code Date} on instead of sending its own
     */
    public UpstreamRelay(Request request, IResource resource, boolean forwardProxy) {
        this.request = request;
        this.resource = resource;
        this.forwardProxy = forwardProxy;
        request.notifyFinish().whenComplete((done, lost) -> {
            if (lost != null) {
                left.complete(lost);
            }
        });
    }

    /**
     * Runs {@code action} once the client goes away before the answer ends, or at once if it
     * already has; for stopping the upstream (killing a script, aborting a request).
     *
     * @param action given why the client was lost
     * @return this relay
     */
    public UpstreamRelay onClientLeft(Consumer<Throwable> action) {
        left.thenAccept(action);
        return this;
    }

    /** @return whether the client went away before the answer ended */
    public boolean clientLeft() {
        return left.isDone();
    }

    /** @return whether {@link #head} has been given */
    public boolean headSent() {
        return headSent;
    }

    /**
     * Sets the status and the headers the client is to get: each one {@link RelayHeaders}
     * does not drop, {@code Content-Type}, {@code Content-Length}, {@code Server} and
     * {@code Date} replacing any set before, the others added.
     *
     * @param status  the upstream's status code
     * @param headers the upstream's headers, as name and value, in their order
     * @return {@code false} when the client has gone away, so the upstream can stop
     */
    public boolean head(int status, Iterable<? extends Map.Entry<String, String>> headers) {
        return head(status, headers, (name, value) -> value);
    }

    /**
     * {@link #head(int, Iterable)}, each header that passes the rule first handed to
     * {@code rewrite} (a reverse proxy turns the upstream's URLs into its own).
     *
     * @param status  the upstream's status code
     * @param headers the upstream's headers, as name and value, in their order
     * @param rewrite given a passing header's name and value, returns the value to send, or
     *                {@code null} to drop it
     * @return {@code false} when the client has gone away, so the upstream can stop
     */
    public boolean head(int status, Iterable<? extends Map.Entry<String, String>> headers,
            BiFunction<String, String, String> rewrite) {
        if (clientLeft()) {
            return false;
        }
        List<String> connection = new ArrayList<>(1);
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase("Connection")) {
                connection.add(header.getValue());
            }
        }
        RelayHeaders rule = forwardProxy ? RelayHeaders.forForwardedAnswer(connection)
                : RelayHeaders.forAnswer(connection);
        request.setResponseCode(status);
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            String value = rule.drops(name) ? null : rewrite.apply(name, header.getValue());
            if (value == null) {
                continue;
            }
            if (REPLACING.contains(name.toLowerCase(Locale.ROOT))) {
                request.setHeader(name, value);
            } else {
                request.addHeader(name, value);
            }
        }
        headSent = true;
        return true;
    }

    /**
     * Sends a chunk of the body to the client at once; nothing once the client has gone.
     * The chunk is consumed before this returns, so its buffer may be reused.
     *
     * @param chunk the bytes from its position to its limit
     */
    public void body(ByteBuffer chunk) {
        request.write(chunk);
    }

    /** Ends the answer: the client has it whole. */
    public void end() {
        request.finish();
    }

    /**
     * Ends the exchange after the upstream failed. Before the head, the client gets an error
     * page ({@link Request#writeError}) with {@code status}; after it, the failure is
     * reported as a processing failure ({@link Request#processingFailed}): logged, and a 500
     * page while nothing has gone out, else the connection cut. Once the client has gone
     * away, or the answer has ended, it does nothing.
     *
     * @param cause  what went wrong
     * @param status the status for the client when no head was given yet, e.g. 502 or 504
     * @param brief  the error page's title
     * @param detail the error page's paragraph
     */
    public void fail(Throwable cause, int status, String brief, String detail) {
        if (clientLeft() || request.isFinished()) {
            return;
        }
        if (headSent) {
            request.processingFailed(cause, resource);
        } else {
            request.writeError(status, brief, detail);
        }
    }
}
