package dev.twistlet.web.vhost;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * For a site behind nginx, Apache or another proxy: takes the public host, scheme, port and
 * the client's address from RFC 7239 {@code Forwarded} or {@code X-Forwarded-For},
 * {@code -Proto}, {@code -Host}, {@code -Port}, and only when the direct peer is a trusted
 * proxy (loopback by default), as Tomcat's {@code RemoteIpValve} does. Headers from anyone
 * else are ignored, so a client cannot forge its address or the site's name. The safer
 * alternative to {@link VHostMonsterResource}, whose URL anyone who reaches it can use.
 *
 * <p>Addresses are read from the right: the nearest proxies' entries are skipped while they
 * are trusted, and the first untrusted one is the client.
 */
public class ForwardedResource extends Resource {
    // Only strings InetAddress reads as literals: it looks anything else up as a name
    // (e.g. 999.1.1.1, or .:1, which starts with neither a hex digit nor a colon).
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

    private final IResource resource;
    private final Predicate<InetAddress> trusted;

    /** @param resource the site's root, served with the forwarded host and client */
    public ForwardedResource(IResource resource) {
        this(resource, InetAddress::isLoopbackAddress);
    }

    /**
     * @param resource the site's root
     * @param trusted  which direct peers' forwarding headers are believed
     */
    public ForwardedResource(IResource resource, Predicate<InetAddress> trusted) {
        this.resource = resource;
        this.trusted = trusted;
    }

    @Override
    public boolean isLeaf() {
        return resource.isLeaf();
    }

    @Override
    public IResource getChildWithDefault(String name, Request request) {
        apply(request);
        return resource.getChildWithDefault(name, request);
    }

    @Override
    public Object render(Request request) {
        apply(request);
        return resource.render(request);
    }

    /**
     * @param request a request about to be served
     * @return whether its direct peer is a trusted proxy, whose forwarding headers count
     */
    protected boolean trusts(Request request) {
        InetSocketAddress peer = request.getClientAddress();
        return peer != null && isTrusted(peer.getHostString());
    }

    /**
     * Takes the public host, scheme, port and client address from the forwarding headers,
     * when {@link #trusts} the peer; called once per request, before it goes further.
     *
     * @param request the request
     */
    protected void apply(Request request) {
        if (!trusts(request)) {
            return;
        }
        String client = null;
        String proto = null;
        String host = null;
        String forwarded = String.join(",", request.getHeaders("Forwarded"));
        if (!forwarded.isBlank()) {
            List<String> elements = split(forwarded);
            for (int i = elements.size() - 1; i >= 0; i--) {
                String element = elements.get(i);
                String forAddress = parameter(element, "for");
                proto = proto == null ? parameter(element, "proto") : proto;
                host = host == null ? parameter(element, "host") : host;
                if (forAddress != null && !(i > 0 && isTrusted(forAddress))) {
                    client = forAddress;
                    proto = parameter(element, "proto") != null ? parameter(element, "proto") : proto;
                    host = parameter(element, "host") != null ? parameter(element, "host") : host;
                    break;
                }
            }
        } else {
            List<String> chain = split(String.join(",", request.getHeaders("X-Forwarded-For")));
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (i == 0 || !isTrusted(chain.get(i))) {
                    client = chain.get(i);
                    break;
                }
            }
            proto = last(request.getHeaders("X-Forwarded-Proto"));
            host = last(request.getHeaders("X-Forwarded-Host"));
        }
        if (client != null) {
            request.setClientAddress(InetSocketAddress.createUnresolved(stripBrackets(client), 0));
        }
        if (proto != null || host != null) {
            boolean secure = proto != null ? proto.equalsIgnoreCase("https") : request.isSecure();
            String name = host != null ? NameVirtualHost.hostName(host) : request.getHost();
            int port = port(host, last(request.getHeaders("X-Forwarded-Port")), secure);
            request.setHost(name, port, secure);
        }
    }

    private static int port(String host, String forwardedPort, boolean secure) {
        try {
            if (forwardedPort != null) {
                return checked(Integer.parseInt(forwardedPort), secure);
            }
            if (host != null) {
                int colon = host.lastIndexOf(':');
                if (colon > host.lastIndexOf(']')) {
                    return checked(Integer.parseInt(host.substring(colon + 1)), secure);
                }
            }
        } catch (NumberFormatException e) {
            // a malformed port: the scheme's default
        }
        return secure ? 443 : 80;
    }

    /** A port outside 1 to 65535 is as malformed as one that is not a number. */
    private static int checked(int port, boolean secure) {
        return port >= 1 && port <= 65535 ? port : secure ? 443 : 80;
    }

    private boolean isTrusted(String address) {
        String literal = stripBrackets(address);
        boolean ipv4 = IPV4.matcher(literal).matches();
        boolean ipv6 = literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches();
        if (!ipv4 && !ipv6) {
            return false; // "unknown", obfuscated names: never a trusted proxy, and never looked up
        }
        try {
            return trusted.test(InetAddress.getByName(literal));
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }

    private static String parameter(String element, String name) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals(name)) {
                String value = pair.substring(eq + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static String last(List<String> values) {
        List<String> all = split(String.join(",", values));
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static String stripBrackets(String address) {
        String a = address.strip();
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            return close > 0 ? a.substring(1, close) : a;
        }
        int colon = a.indexOf(':');
        return colon > 0 && a.indexOf(':', colon + 1) < 0 ? a.substring(0, colon) : a;
    }
}
