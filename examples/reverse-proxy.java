// The seed's ReverseProxyResource example: every request to this site is forwarded to
// www.example.com, and its answer streamed back.
//   ./twistlet -ny examples/reverse-proxy.java
import dev.twistlet.web.Site;
import dev.twistlet.web.proxy.ReverseProxyResource;

var site = new Site(new ReverseProxyResource("www.example.com", 80, ""));
application.listen("tcp:8080", site);
