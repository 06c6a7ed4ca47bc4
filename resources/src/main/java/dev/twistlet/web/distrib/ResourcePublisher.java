package dev.twistlet.web.distrib;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.vhost.ForwardedResource;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * The root of a personal server, the counterpart of Twisted's {@code distrib.ResourcePublisher}:
 * serves a tree to the central server that relays requests to it (a
 * {@link ResourceSubscription}), so that the tree builds its URLs in the central server's URL
 * space. From a relaying peer it takes the public host, scheme and client address
 * ({@code X-Forwarded-*}, {@code Forwarded}, as {@link ForwardedResource} does) and the path
 * the subscription is mounted at ({@code X-Forwarded-Prefix}, e.g. {@code /alice.twistd}),
 * which becomes the path before this site's root: {@code prePathURL()}, redirects and
 * directory listings name {@code http://central/alice.twistd/...}.
 *
 * <p>Twisted relays over its own PB protocol; Twistlet relays plain HTTP/1.1 over a Unix
 * domain socket, so any HTTP tool can talk to a personal server. A relaying peer is trusted
 * when it connects over a Unix socket (whose file permissions decide who may) or from
 * loopback; headers from anyone else are ignored.
 */
public class ResourcePublisher extends ForwardedResource {

    /** @param resource the personal site's root, trusting Unix-socket and loopback peers */
    public ResourcePublisher(IResource resource) {
        this(resource, InetAddress::isLoopbackAddress);
    }

    /**
     * @param resource the personal site's root
     * @param trusted  which TCP peers may relay (Unix-socket peers always may)
     */
    public ResourcePublisher(IResource resource, Predicate<InetAddress> trusted) {
        super(resource, trusted);
    }

    /** A Unix-socket peer has no address: the socket's permissions already admitted it. */
    @Override
    protected boolean trusts(Request request) {
        return request.getClientAddress() == null || super.trusts(request);
    }

    /** Applies the forwarded host and client, then the mount path as this site's path. */
    @Override
    protected void apply(Request request) {
        super.apply(request);
        String prefix = request.getHeader("X-Forwarded-Prefix");
        if (prefix == null || !trusts(request) || !isPath(prefix)) {
            return;
        }
        String sitePath = request.getSitePath();
        String below = request.getPath().substring(sitePath.length());
        request.setPath(stripSlash(prefix) + sitePath, below);
    }

    /** An absolute, raw path with nothing that could end or escape it. */
    private static boolean isPath(String prefix) {
        if (!prefix.startsWith("/") || prefix.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#' || c == '\\' || c == '"' || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }

    private static String stripSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
