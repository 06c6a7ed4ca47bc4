package dev.twistlet.web.proxy;

import dev.twistlet.web.ErrorPage;
import dev.twistlet.web.IResource;
import dev.twistlet.web.PathSegments;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;

/**
 * Forwards every request below it to another web server, the counterpart of Twisted's
 * {@code proxy.ReverseProxyResource}:
 *
 * <pre>{@code new Site(new ReverseProxyResource("www.example.com", 80, ""))}</pre>
 *
 * <p>As in Twisted, the postpath is appended to {@code path}, each segment quoted again
 * (an encoded {@code /} stays {@code %2F}), the query is kept, and {@code Host} names the
 * upstream ({@code host}, or {@code host:port} off the default port). Unlike Twisted it
 * speaks HTTP/1.1 with kept-alive upstream connections (Jetty's {@code HttpClient}), reaches
 * {@code https} upstreams, streams bodies both ways, forwards every header but the
 * hop-by-hop ones (and, on the answer, the upstream's {@code Server} and {@code Date}: the
 * client gets this server's own, as from a CGI script; see
 * {@link dev.twistlet.web.relay.RelayHeaders}), adds {@code X-Forwarded-*} and
 * {@code Forwarded}, times out, and can reach an upstream listening on a Unix domain
 * socket; see {@link ReverseProxyOptions}.
 */
public class ReverseProxyResource extends Resource {
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final ReverseProxyOptions options;
    private final String hostAndPort;
    private final String origin;
    private final ProxyClient client;
    /** A {@code Set-Cookie}'s {@code Path} attribute naming the upstream path, captured up to the path. */
    private final Pattern cookiePath;

    /**
     * @param host the upstream's host name or address
     * @param port its port
     * @param path the path on it that this resource stands for, e.g. {@code ""} or {@code /app}
     */
    public ReverseProxyResource(String host, int port, String path) {
        this("http", host, port, path, ReverseProxyOptions.DEFAULTS);
    }

    /**
     * @param scheme  {@code http} or {@code https}
     * @param host    the upstream's host
     * @param port    its port
     * @param path    the path on it this resource stands for
     * @param options how to forward
     */
    public ReverseProxyResource(String scheme, String host, int port, String path, ReverseProxyOptions options) {
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https: " + scheme);
        }
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.options = options;
        String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = scheme.equals("http") ? port == 80 : port == 443;
        this.hostAndPort = defaultPort ? name : name + ":" + port;
        this.origin = scheme + "://" + hostAndPort;
        this.client = new ProxyClient("reverse-proxy-" + host, options.client());
        this.cookiePath = Pattern.compile("(?i)(;\\s*path=)" + Pattern.quote(this.path.isEmpty() ? "/" : this.path));
    }

    /** @return {@code true}: the whole postpath is the upstream's business */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /** Forwards the request, any method, and streams the answer back. */
    @Override
    public Object render(Request request) {
        StringBuilder target = new StringBuilder(origin).append(path);
        for (String segment : request.getPostpath()) {
            if (segment.equals(".") || segment.equals("..")) {
                // An upstream would resolve it, stepping out of the path this proxy stands for.
                return new ErrorPage(400, "Bad Request", "Dot segments are not forwarded.").render(request);
            }
            target.append('/').append(PathSegments.quote(segment));
        }
        if (target.length() == origin.length()) {
            target.append('/');
        }
        if (request.getQuery() != null) {
            target.append('?').append(request.getQuery());
        }
        ProxyExchange.forward(client.get(request), request, this, URI.create(target.toString()),
                options.unixSocket(), options.timeout(),
                fields -> requestHeaders(request, fields), (name, value) -> responseHeader(request, name, value));
        return IResource.NOT_DONE_YET;
    }

    private void requestHeaders(Request request, HttpFields.Mutable fields) {
        ProxyExchange.copyRequestHeaders(request, fields);
        String clientHost = request.getHeader("Host");
        fields.put("Host", options.preserveHost() && clientHost != null ? clientHost : hostAndPort);
        InetSocketAddress client = request.getClientAddress();
        String proto = request.isSecure() ? "https" : "http";
        if (options.xForwarded()) {
            if (client != null) {
                String previous = request.getHeader("X-Forwarded-For");
                fields.put("X-Forwarded-For", previous == null ? client.getHostString() : previous + ", " + client.getHostString());
            }
            fields.put("X-Forwarded-Proto", proto);
            if (clientHost != null) {
                fields.put("X-Forwarded-Host", clientHost);
            }
        }
        if (options.forwardedPrefix()) {
            fields.put("X-Forwarded-Prefix", request.getMountPath());
        }
        if (options.forwarded()) {
            StringBuilder element = new StringBuilder();
            if (client != null) {
                String address = client.getHostString();
                element.append("for=").append(address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address).append(';');
            }
            element.append("proto=").append(proto);
            if (clientHost != null) {
                element.append(";host=\"").append(clientHost.replace("\"", "")).append('"');
            }
            String previous = request.getHeader("Forwarded");
            fields.put("Forwarded", previous == null ? element.toString() : previous + ", " + element);
        }
    }

    private String responseHeader(Request request, String name, String value) {
        if (!options.rewriteRedirects()) {
            return value;
        }
        if (name.equalsIgnoreCase("Location") || name.equalsIgnoreCase("Content-Location")) {
            String upstreamBase = origin + path;
            if (value.startsWith(upstreamBase)) {
                return request.prePathURL() + value.substring(upstreamBase.length());
            }
            if (value.startsWith("/") && (path.isEmpty() || value.equals(path) || value.startsWith(path + "/"))) {
                return request.getMountPath() + value.substring(path.length());
            }
        } else if (name.equalsIgnoreCase("Set-Cookie")) {
            String mount = request.getMountPath();
            return cookiePath.matcher(value).replaceFirst("$1" + Matcher.quoteReplacement(path.isEmpty() ? mount + "/" : mount));
        }
        return value;
    }

    @Override
    public String toString() {
        return "ReverseProxyResource[" + origin + path + "]";
    }
}
