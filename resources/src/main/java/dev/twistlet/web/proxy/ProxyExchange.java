package dev.twistlet.web.proxy;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded upstream and its answer streamed back, for both proxies. Bodies
 * flow both ways as they come, in bounded memory: the client's body is read as the
 * upstream connection wants it, and each chunk of the answer is written before the next is
 * read (and flushed at once when the answer has no length, as event streams have none). An upstream that cannot be reached is a 502, one that stalls past the
 * timeout a 504; a failure after the answer began aborts the client's connection, so a cut
 * body is never passed off as whole; a client that leaves aborts the upstream request.
 */
final class ProxyExchange implements Response.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    private final Request request;
    private final IResource resource;
    private final BiFunction<String, String, String> responseHeader;
    private volatile boolean answered;
    private volatile boolean streaming;
    private volatile boolean clientLeft;

    private ProxyExchange(Request request, IResource resource, BiFunction<String, String, String> responseHeader) {
        this.request = request;
        this.resource = resource;
        this.responseHeader = responseHeader;
    }

    /**
     * Sends the request upstream; the answer arrives later.
     *
     * @param client         the HTTP client
     * @param request        the client's request, held open by the caller
     * @param resource       the proxy resource, for failure reports
     * @param target         the upstream URL
     * @param unixSocket     the Unix domain socket to reach it through, or {@code null} for TCP
     * @param timeout        how long the upstream may stay silent
     * @param headers        fills in the upstream request's headers
     * @param responseHeader maps each answer header (name, value) to the value to send, or
     *                       {@code null} to drop it; hop-by-hop headers never reach it
     */
    static void forward(HttpClient client, Request request, IResource resource, URI target, Path unixSocket,
            Duration timeout, Consumer<HttpFields.Mutable> headers, BiFunction<String, String, String> responseHeader) {
        ProxyExchange exchange = new ProxyExchange(request, resource, responseHeader);
        org.eclipse.jetty.client.Request upstream = client.newRequest(target)
                .method(request.getMethod())
                .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(fields -> {
                    fields.clear();
                    headers.accept(fields);
                });
        if (unixSocket != null) {
            upstream.transport(new Transport.TCPUnix(unixSocket));
        }
        if (hasBody(request)) {
            try {
                upstream.body(new InputStreamRequestContent(request.getHeader("Content-Type"), request.getContent()));
            } catch (java.io.IOException e) {
                request.writeError(400, "Bad Request", "The request body could not be read.");
                return;
            }
        }
        request.notifyFinish().whenComplete((done, lost) -> {
            if (lost != null) {
                exchange.clientLeft = true;
                upstream.abort(lost);
            }
        });
        upstream.send(exchange);
    }

    private static boolean hasBody(Request request) {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
    }

    /**
     * Copies the client's headers for the upstream request, leaving out hop-by-hop ones
     * and {@code Host}; repeated headers stay repeated.
     *
     * @param request the client's request
     * @param fields  the upstream request's headers
     */
    static void copyRequestHeaders(Request request, HttpFields.Mutable fields) {
        HopByHop hop = new HopByHop(request.getHeaders("Connection"));
        for (String name : request.getHeaderNames()) {
            if (hop.drops(name) || name.equalsIgnoreCase("Host")) {
                continue;
            }
            for (String value : request.getHeaders(name)) {
                fields.add(name, value);
            }
        }
    }

    @Override
    public void onHeaders(Response response) {
        if (clientLeft) {
            response.abort(new java.io.EOFException("the client went away"));
            return;
        }
        request.setResponseCode(response.getStatus());
        HttpFields fields = response.getHeaders();
        HopByHop hop = new HopByHop(fields.getValuesList(HttpHeader.CONNECTION));
        for (HttpField field : fields) {
            String name = field.getName();
            if (hop.drops(name)) {
                continue;
            }
            String value = responseHeader.apply(name, field.getValue());
            if (value == null) {
                continue;
            }
            if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")
                    || name.equalsIgnoreCase("Server") || name.equalsIgnoreCase("Date")) {
                request.setHeader(name, value);
            } else {
                request.addHeader(name, value);
            }
        }
        // Without a length the body may be a stream of events: each chunk goes out at once.
        // With one, the container's buffer sends full blocks, and the end sends the rest.
        streaming = !fields.contains(HttpHeader.CONTENT_LENGTH);
        answered = true;
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        // Written before returning (the container's write blocks), so the client's buffer
        // may be reused by Jetty afterwards.
        request.write(content);
        if (streaming) {
            request.flush();
        }
    }

    @Override
    public void onComplete(Result result) {
        if (!result.isFailed()) {
            request.finish();
            return;
        }
        Throwable failure = result.getFailure();
        if (clientLeft) {
            return;
        }
        if (answered) {
            request.processingFailed(failure, resource);
            return;
        }
        if (failed(failure, TimeoutException.class)) {
            LOG.warn("upstream {} timed out for {} {}", upstream(result), request.getMethod(), request.getUri());
            request.writeError(504, "Gateway Timeout", "The upstream server did not answer in time.");
        } else {
            LOG.warn("upstream {} failed for {} {}: {}", upstream(result), request.getMethod(), request.getUri(),
                    failure.toString());
            request.writeError(502, "Bad Gateway", unreachable(failure)
                    ? "The upstream server could not be reached." : "The upstream server's answer could not be read.");
        }
    }

    /** The upstream's URL, and the Unix socket it was sought through, if any. */
    private static String upstream(Result result) {
        org.eclipse.jetty.client.Request sent = result.getRequest();
        return sent.getTransport() instanceof Transport.Unix unix
                ? sent.getURI() + " (at unix:" + unix.getSocketAddress() + ")" : sent.getURI().toString();
    }

    /** Refused, unknown, or (Jetty's words for a Unix socket with no file) not connectable. */
    private static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException
                    || cause instanceof java.net.SocketException && String.valueOf(cause.getMessage()).startsWith("Could not connect")) {
                return true;
            }
        }
        return false;
    }

    private static boolean failed(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
