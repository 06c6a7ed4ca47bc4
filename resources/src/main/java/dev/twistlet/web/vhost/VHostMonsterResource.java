package dev.twistlet.web.vhost;

import dev.twistlet.web.ErrorPage;
import dev.twistlet.web.IResource;
import dev.twistlet.web.NoResource;
import dev.twistlet.web.PathSegments;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Lets a front-end proxy tell the site its public name, the counterpart of Twisted's
 * {@code vhost.VHostMonsterResource}. Mounted as {@code vhost.rpy} (or put as a child), a
 * request for {@code /vhost.rpy/http/example.com:80/rest} is served as {@code /rest} of
 * this site, but with host {@code example.com}, port 80 and scheme {@code http}, so
 * {@code prePathURL()}, redirects and generated links name the public site. Point the
 * proxy at it: {@code ProxyPass / http://backend:8538/vhost.rpy/http/example.com:80/}.
 *
 * <p>A missing port is 80 for {@code http} and 443 for {@code https} (Twisted takes 80 for
 * both). Anything but {@code http} or {@code https}, or a port that is not a number, is
 * answered 404 or 400. It trusts whoever can reach it: put it only behind your own proxy.
 */
public class VHostMonsterResource extends Resource {

    /** The scheme segment: {@code http} or {@code https}. */
    @Override
    public IResource getChild(String scheme, Request request) {
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new NoResource("VHostMonster expects http or https here.");
        }
        return new HostSegment(scheme.equals("https"));
    }

    /** The {@code host[:port]} segment, then the site again from its root. */
    private static final class HostSegment extends Resource {
        private final boolean secure;

        HostSegment(boolean secure) {
            this.secure = secure;
        }

        @Override
        public IResource getChild(String hostPort, Request request) {
            String host = hostPort;
            int port = secure ? 443 : 80;
            int colon = hostPort.lastIndexOf(':');
            if (colon > hostPort.lastIndexOf(']')) {
                host = hostPort.substring(0, colon);
                try {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    return new ErrorPage(400, "Bad Request", "Not a port: " + hostPort.substring(colon + 1));
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                return new ErrorPage(400, "Bad Request", "VHostMonster needs a host name here.");
            }
            request.setHost(host, port, secure);
            List<String> rest = new ArrayList<>(request.getPostpath());
            request.getPrepath().clear();
            request.setPath("", "/" + rest.stream().map(PathSegments::quote).collect(Collectors.joining("/")));
            return request.getSite().getResourceFor(request);
        }
    }
}
