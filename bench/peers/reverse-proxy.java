// The proxy scenario's Twistlet peer: the seed's reverse proxy in front of the local
// upstream proxied.sh started. PORT and UPSTREAM_PORT come from proxied.sh.
import dev.twistlet.web.Site;
import dev.twistlet.web.proxy.ReverseProxyResource;

int upstream = Integer.parseInt(System.getenv("UPSTREAM_PORT"));
application.listen("tcp:port=" + System.getenv("PORT") + ":interface=127.0.0.1",
        new Site(new ReverseProxyResource("127.0.0.1", upstream, "")));
