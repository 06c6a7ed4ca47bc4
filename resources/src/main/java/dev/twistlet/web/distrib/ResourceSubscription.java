package dev.twistlet.web.distrib;

import dev.twistlet.web.Redirect;
import dev.twistlet.web.Request;
import dev.twistlet.web.proxy.ReverseProxyOptions;
import dev.twistlet.web.proxy.ReverseProxyResource;
import java.nio.file.Path;

/**
 * Relays every request below it to a personal server listening on a Unix domain socket, the
 * counterpart of Twisted's {@code distrib.ResourceSubscription}. The relay is plain HTTP/1.1:
 * method, headers and body go through streamed, with the client's {@code Host}, the
 * {@code X-Forwarded-*} headers and {@code X-Forwarded-Prefix} naming the path this resource
 * is mounted at, which a {@link ResourcePublisher} turns into URLs under the central server's;
 * the answer streams back. A personal server that is not running is a 502 at once (Twisted's
 * request hangs); one that dies mid-answer aborts the client's connection.
 *
 * <p>{@code /alice.twistd} without the final slash is redirected to {@code /alice.twistd/},
 * as a directory is, so that relative links on the personal server's front page work.
 */
public class ResourceSubscription extends ReverseProxyResource {
    private final Path socket;

    /** @param socket the personal server's socket, e.g. {@code ~alice/.twistlet-web.sock} */
    public ResourceSubscription(Path socket) {
        super("http", "localhost", 80, "", ReverseProxyOptions.DEFAULTS.withUnixSocket(socket).withPreserveHost(true)
                .withForwardedPrefix(true));
        this.socket = socket;
    }

    /** @return the socket requests are relayed to */
    public Path getSocket() {
        return socket;
    }

    /** Relays the request, or first redirects the bare mount path to its slashed form. */
    @Override
    public Object render(Request request) {
        if (request.getPostpath().isEmpty()) {
            String query = request.getQuery();
            return Redirect.redirectTo(request.getMountPath() + "/" + (query == null ? "" : "?" + query), request);
        }
        return super.render(request);
    }

    @Override
    public String toString() {
        return "ResourceSubscription[" + socket + "]";
    }
}
