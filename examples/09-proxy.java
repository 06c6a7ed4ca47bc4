// Seed section "Proxies and reverse proxies" (Proxy): a forward proxy, as the seed's
// ProxyFactory. Point a browser, or curl -x, at localhost:8080. Only clients on this machine
// are served unless ProxyOptions says otherwise.
// Run: ./twistlet -ny examples/09-proxy.java
// then: curl -x http://localhost:8080 http://www.example.com/
import dev.twistlet.web.Site;
import dev.twistlet.web.proxy.ProxyResource;

application.listen("tcp:8080", new Site(new ProxyResource()));
