package dev.twistlet.web.vhost;

import dev.twistlet.web.ErrorPage;
import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves a different resource per host name, the counterpart of Twisted's
 * {@code vhost.NameVirtualHost}:
 *
 * <pre>{@code
 * NameVirtualHost root = new NameVirtualHost();
 * root.setDefault(new FileResource(Path.of("/var/www/default")));
 * root.addHost("foo.com", new FileResource(Path.of("/var/www/foo")));
 * root.addHost("*.bar.com", new FileResource(Path.of("/var/www/bar")));
 * }</pre>
 *
 * <p>The key is the {@code Host} header in lower case without its port; an IPv6 literal
 * ({@code [::1]:8080}) keeps its address whole (Twisted cuts at its first colon). A name
 * that is not there is looked up as a wildcard, {@code *.} and its parent domains in turn,
 * then falls back to the default. With no match and no default the answer is 404, naming
 * the host (escaped). As in Twisted, a leaf host resource gets the segment traversal
 * consumed to reach it back at the front of its postpath. Hosts may be added and removed
 * while requests are served.
 */
public class NameVirtualHost extends Resource {
    private final Map<String, IResource> hosts = new ConcurrentHashMap<>();
    private volatile IResource defaultResource;

    /** No hosts, no default. */
    public NameVirtualHost() {
    }

    /** @param resource what hosts without a resource of their own get, or {@code null} for 404 */
    public void setDefault(IResource resource) {
        this.defaultResource = resource;
    }

    /** @return the default resource, or {@code null} */
    public IResource getDefault() {
        return defaultResource;
    }

    /**
     * @param name     a host name, e.g. {@code www.example.com}, or a wildcard such as
     *                 {@code *.example.com} (any depth below it)
     * @param resource what that host serves
     */
    public void addHost(String name, IResource resource) {
        hosts.put(key(name), resource);
    }

    /** @param name a host name given to {@link #addHost} */
    public void removeHost(String name) {
        hosts.remove(key(name));
    }

    /** Renders the host's resource (a request for the site root itself). */
    @Override
    public Object render(Request request) {
        return resourceFor(request).render(request);
    }

    /** Hands traversal to the host's resource. */
    @Override
    public IResource getChild(String name, Request request) {
        IResource resource = resourceFor(request);
        if (resource.isLeaf()) {
            request.getPostpath().add(0, request.getPrepath().remove(request.getPrepath().size() - 1));
            return resource;
        }
        return resource.getChildWithDefault(name, request);
    }

    /**
     * @param request a request
     * @return the resource its host is served by, or a 404 page
     */
    protected IResource resourceFor(Request request) {
        String header = request.getHeader("Host");
        IResource fallback = defaultResource;
        if (header == null) {
            return fallback != null ? fallback : new ErrorPage(404, "Not Found", "The request names no host.");
        }
        String host = hostName(header);
        IResource found = hosts.get(host);
        for (int dot = host.indexOf('.'); found == null && dot >= 0; dot = host.indexOf('.', dot + 1)) {
            found = hosts.get("*" + host.substring(dot));
        }
        if (found == null) {
            found = fallback;
        }
        return found != null ? found : new ErrorPage(404, "Not Found", "host '" + host + "' not in vhost map");
    }

    /**
     * @param header a {@code Host} header
     * @return the host name in lower case, without port or IPv6 brackets
     */
    static String hostName(String header) {
        String host = header.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(1, close) : host;
        }
        int colon = host.indexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
