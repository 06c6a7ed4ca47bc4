package dev.twistlet.web.proxy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.client.HttpClient;

/**
 * How a {@link ReverseProxyResource} forwards; change it with the {@code with...} methods.
 *
 * @param timeout          how long the upstream may stay silent before the client gets 504
 * @param preserveHost     send the client's {@code Host} upstream instead of the upstream's own
 * @param xForwarded       add {@code X-Forwarded-For}, {@code -Proto} and {@code -Host}
 * @param forwarded        add an RFC 7239 {@code Forwarded} element
 * @param rewriteRedirects rewrite {@code Location} and {@code Set-Cookie} paths from the
 *                         upstream's URL space to the proxy's (Apache's {@code ProxyPassReverse})
 * @param client           the HTTP client to use (for TLS settings of its own), or {@code null}
 *                         for one the resource starts and stops with its site
 * @param unixSocket       reach the upstream through this Unix domain socket instead of its
 *                         host and port, or {@code null}
 * @param forwardedPrefix  add {@code X-Forwarded-Prefix} with the path this resource is
 *                         mounted at, so that an upstream which honours it (a
 *                         {@code ResourcePublisher}) builds its URLs under the proxy's
 */
public record ReverseProxyOptions(Duration timeout, boolean preserveHost, boolean xForwarded, boolean forwarded,
        boolean rewriteRedirects, HttpClient client, Path unixSocket, boolean forwardedPrefix) {

    /** 30 s timeout, the upstream's own {@code Host}, both forwarding headers, no rewriting, TCP. */
    public static final ReverseProxyOptions DEFAULTS = new ReverseProxyOptions(Duration.ofSeconds(30), false, true, true,
            false, null, null, false);

    /** Checks the components. */
    public ReverseProxyOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** @param value the upstream's silence limit @return a copy with it */
    public ReverseProxyOptions withTimeout(Duration value) {
        return new ReverseProxyOptions(value, preserveHost, xForwarded, forwarded, rewriteRedirects, client, unixSocket,
                forwardedPrefix);
    }

    /** @param value whether the client's {@code Host} goes upstream @return a copy with it */
    public ReverseProxyOptions withPreserveHost(boolean value) {
        return new ReverseProxyOptions(timeout, value, xForwarded, forwarded, rewriteRedirects, client, unixSocket,
                forwardedPrefix);
    }

    /** @param value whether {@code X-Forwarded-*} are added @return a copy with it */
    public ReverseProxyOptions withXForwarded(boolean value) {
        return new ReverseProxyOptions(timeout, preserveHost, value, forwarded, rewriteRedirects, client, unixSocket,
                forwardedPrefix);
    }

    /** @param value whether {@code Forwarded} is added @return a copy with it */
    public ReverseProxyOptions withForwarded(boolean value) {
        return new ReverseProxyOptions(timeout, preserveHost, xForwarded, value, rewriteRedirects, client, unixSocket,
                forwardedPrefix);
    }

    /** @param value whether redirects and cookie paths are rewritten @return a copy with it */
    public ReverseProxyOptions withRewriteRedirects(boolean value) {
        return new ReverseProxyOptions(timeout, preserveHost, xForwarded, forwarded, value, client, unixSocket,
                forwardedPrefix);
    }

    /** @param value the HTTP client to use @return a copy with it */
    public ReverseProxyOptions withClient(HttpClient value) {
        return new ReverseProxyOptions(timeout, preserveHost, xForwarded, forwarded, rewriteRedirects, value, unixSocket,
                forwardedPrefix);
    }

    /** @param value the Unix domain socket the upstream listens on, or {@code null} @return a copy with it */
    public ReverseProxyOptions withUnixSocket(Path value) {
        return new ReverseProxyOptions(timeout, preserveHost, xForwarded, forwarded, rewriteRedirects, client, value,
                forwardedPrefix);
    }

    /** @param value whether {@code X-Forwarded-Prefix} is added @return a copy with it */
    public ReverseProxyOptions withForwardedPrefix(boolean value) {
        return new ReverseProxyOptions(timeout, preserveHost, xForwarded, forwarded, rewriteRedirects, client, unixSocket,
                value);
    }
}
