package dev.twistlet.web.proxy;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.SiteMonitor;
import dev.twistlet.web.relay.RelayHeaders;
import dev.twistlet.web.relay.UpstreamRelay;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded upstream and its answer relayed back through an
 * {@link UpstreamRelay}, for both proxies and personal servers. Bodies flow both ways as they
 * come, in bounded memory: the client's body is read as the upstream connection wants it,
 * and each chunk of the answer is sent on before the next is read. An upstream that cannot
 * be reached is a 502, one that stalls past the timeout a 504; a failure after the answer
 * began aborts the client's connection; a client that leaves aborts the upstream request.
 */
final class ProxyExchange implements Response.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    private final Request request;
    private final UpstreamRelay relay;
    private final BiFunction<String, String, String> responseHeader;
    /** Set once the upstream request is on a connection: before that, the upstream was not reached. */
    private volatile boolean connected;

    private ProxyExchange(Request request, IResource resource, boolean forwardProxy,
            BiFunction<String, String, String> responseHeader) {
        this.request = request;
        this.relay = new UpstreamRelay(request, resource, forwardProxy);
        this.responseHeader = responseHeader;
    }

    /**
     * Sends the request upstream; the answer arrives later.
     *
     * @param client         the HTTP client
     * @param request        the client's request, held open by the caller
     * @param resource       the proxy resource, for failure reports; a {@link ProxyResource}
     *                       (a forward proxy) passes the origin's {@code Server} and {@code Date} on
     * @param target         the upstream URL
     * @param unixSocket     the Unix domain socket to reach it through, or {@code null} for TCP
     * @param timeout        how long the upstream may stay silent
     * @param headers        fills in the upstream request's headers
     * @param responseHeader maps each answer header (name, value) to the value to send, or
     *                       {@code null} to drop it; headers {@link RelayHeaders} drops never reach it
     */
    static void forward(HttpClient client, Request request, IResource resource, URI target, Path unixSocket,
            Duration timeout, Consumer<HttpFields.Mutable> headers, BiFunction<String, String, String> responseHeader) {
        ProxyExchange exchange = new ProxyExchange(request, resource, resource instanceof ProxyResource,
                responseHeader);
        org.eclipse.jetty.client.Request upstream = client.newRequest(target)
                .method(request.getMethod())
                .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(fields -> {
                    fields.clear();
                    headers.accept(fields);
                })
                .onRequestBegin(sent -> exchange.connected = true);
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
        exchange.relay.onClientLeft(upstream::abort);
        upstream.send(exchange);
    }

    private static boolean hasBody(Request request) {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
    }

    /**
     * Copies the client's headers for the upstream request, leaving out those
     * {@link RelayHeaders#forRequest} drops and {@code Host}; repeated headers stay repeated.
     *
     * @param request the client's request
     * @param fields  the upstream request's headers
     */
    static void copyRequestHeaders(Request request, HttpFields.Mutable fields) {
        RelayHeaders rule = RelayHeaders.forRequest(request.getHeaders("Connection"));
        for (String name : request.getHeaderNames()) {
            if (rule.drops(name) || name.equalsIgnoreCase("Host")) {
                continue;
            }
            for (String value : request.getHeaders(name)) {
                fields.add(name, value);
            }
        }
    }

    @Override
    public void onHeaders(Response response) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.getHeaders().size());
        for (HttpField field : response.getHeaders()) {
            headers.add(Map.entry(field.getName(), Objects.requireNonNullElse(field.getValue(), "")));
        }
        if (!relay.head(response.getStatus(), headers, responseHeader)) {
            response.abort(new java.io.EOFException("the client went away"));
        }
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        // Sent before returning (the container's write blocks), so Jetty may reuse the buffer afterwards.
        relay.body(content);
    }

    @Override
    public void onComplete(Result result) {
        if (!result.isFailed()) {
            relay.end();
            return;
        }
        Throwable failure = result.getFailure();
        boolean timedOut = causedBy(failure, TimeoutException.class);
        // Never on a connection means never reached, whatever the type: Jetty reports a Unix
        // socket with no file as a plain SocketException, which no type tells apart.
        boolean unreachable = !connected || causedBy(failure, ConnectException.class, NoRouteToHostException.class,
                UnknownHostException.class, UnresolvedAddressException.class);
        if (!relay.clientLeft()) {
            request.getSite().getMonitor().upstreamFailed(kind(failure, timedOut, unreachable));
            if (!relay.headSent()) {
                LOG.warn("upstream {} {} for {} {}", upstream(result), timedOut ? "timed out" : "failed (" + failure + ")",
                        request.getMethod(), request.getUri());
            }
        }
        if (timedOut) {
            relay.fail(failure, 504, "Gateway Timeout", "The upstream server did not answer in time.");
        } else {
            relay.fail(failure, 502, "Bad Gateway", unreachable
                    ? "The upstream server could not be reached." : "The upstream server's answer could not be read.");
        }
    }

    /** What kind of failure it was, for the site's monitor. */
    private static String kind(Throwable failure, boolean timedOut, boolean unreachable) {
        if (timedOut) {
            return SiteMonitor.TIMEOUT;
        }
        if (unreachable) {
            return SiteMonitor.CONNECT;
        }
        return causedBy(failure, HttpResponseException.class)
                ? SiteMonitor.BAD_ANSWER : SiteMonitor.RESET;
    }

    /** The upstream's URL, and the Unix socket it was sought through, if any. */
    private static String upstream(Result result) {
        org.eclipse.jetty.client.Request sent = result.getRequest();
        return sent.getTransport() instanceof Transport.Unix unix
                ? sent.getURI() + " (at unix:" + unix.getSocketAddress() + ")" : sent.getURI().toString();
    }

    /** Whether the failure or one of its causes is of one of the types. */
    @SafeVarargs
    private static boolean causedBy(Throwable failure, Class<? extends Throwable>... types) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }
}
