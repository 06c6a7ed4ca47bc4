// The seed's forward proxy (ProxyFactory): point a browser, or curl -x, at localhost:8080.
// Only clients on this machine are served unless ProxyOptions says otherwise.
//   ./twistlet -ny examples/proxy.java
//   curl -x http://localhost:8080 http://www.example.com/
import dev.twistlet.web.Site;
import dev.twistlet.web.proxy.ProxyResource;

application.listen("tcp:8080", new Site(new ProxyResource()));
