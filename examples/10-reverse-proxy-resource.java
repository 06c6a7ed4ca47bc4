// Seed section "ReverseProxyResource": every request to this site is forwarded to another
// server, and its answer streamed back. The seed forwards to www.yahoo.com; this example
// forwards to a local upstream that the same script starts (htdocs/ on 127.0.0.1:8081).
// Run: ./twistlet -ny examples/10-reverse-proxy-resource.java
// then open http://localhost:8080/welcome.html (served by the upstream, through the proxy)
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.proxy.ReverseProxyResource;
import dev.twistlet.web.script.ResourceScript;

// htdocs/ holds resource scripts: the .rpy processor runs them. Without it, FileResource
// would send their Java source, as Twisted's static.File does with no processors.
var upstream = new FileResource(file.resolveSibling("htdocs"));
upstream.addProcessor(".rpy", new ResourceScript());
application.listen("tcp:port=8081:interface=127.0.0.1", new Site(upstream));

var site = new Site(new ReverseProxyResource("127.0.0.1", 8081, ""));
application.listen("tcp:8080", site);
