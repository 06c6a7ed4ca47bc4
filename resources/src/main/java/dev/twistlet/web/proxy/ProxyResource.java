package dev.twistlet.web.proxy;

import dev.twistlet.web.ErrorPage;
import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;

/**
 * A forward proxy, the counterpart of Twisted's {@code proxy.Proxy}: serve it as the root of
 * a site and point browsers, {@code curl -x} or a {@code ProxySelector} at the site. Each
 * absolute-form request ({@code GET http://host/path HTTP/1.1}) is forwarded to its host and
 * the answer streamed back.
 *
 * <pre>{@code application.listen("tcp:8080", new Site(new ProxyResource()));}</pre>
 *
 * <p>Not an open relay: only loopback clients are served unless {@link ProxyOptions} says
 * otherwise (403), and destinations outside its allow-list, when it has one, are refused
 * (403). {@code CONNECT} (tunnels for {@code https}) is answered 405: the servlet API cannot
 * hand a container's raw connection over to a tunnel. A request that comes back through
 * this proxy (its own {@code Via} token) is a 508, so a request aimed at the proxy itself
 * cannot loop.
 */
public class ProxyResource extends Resource {
    private final ProxyOptions options;
    private final String via = "1.1 twistlet-" + UUID.randomUUID().toString().substring(0, 8);
    private final ProxyClient client;

    /** A proxy for loopback clients, to any destination. */
    public ProxyResource() {
        this(ProxyOptions.DEFAULTS);
    }

    /** @param options who may use it and where to */
    public ProxyResource(ProxyOptions options) {
        this.options = options;
        this.client = new ProxyClient("proxy", options.client());
    }

    /** @return {@code true}: every path is the destination's */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /** Checks the client, the method and the destination, then forwards. */
    @Override
    public Object render(Request request) {
        InetSocketAddress from = request.getClientAddress();
        if (from == null || !allowedClient(from)) {
            return new ErrorPage(403, "Forbidden", "This proxy does not serve your address.").render(request);
        }
        if (request.getMethod().equals("CONNECT")) {
            request.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
            return new ErrorPage(405, "Method Not Allowed", "This proxy does not open tunnels.").render(request);
        }
        for (String hop : request.getHeaders("Via")) {
            if (hop.contains(via)) {
                return new ErrorPage(508, "Loop Detected", "The request came back to this proxy.").render(request);
            }
        }
        String host = request.getHost().toLowerCase(Locale.ROOT);
        if (!options.destinations().isEmpty() && !options.destinations().contains(host)) {
            return new ErrorPage(403, "Forbidden", "This proxy does not go to " + host + ".").render(request);
        }
        String scheme = request.isSecure() ? "https" : "http";
        URI target = URI.create(scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + request.getPort() + request.getUri());
        String hostHeader = request.getHeader("Host");
        ProxyExchange.forward(client.get(request), request, this, target, null, options.timeout(), fields -> {
            ProxyExchange.copyRequestHeaders(request, fields);
            fields.put("Host", hostHeader != null ? hostHeader : host);
            String previous = request.getHeader("Via");
            fields.put("Via", previous == null ? via : previous + ", " + via);
        }, (name, value) -> value);
        return IResource.NOT_DONE_YET;
    }

    private boolean allowedClient(InetSocketAddress from) {
        try {
            return options.clients().test(java.net.InetAddress.getByName(from.getHostString()));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

}
