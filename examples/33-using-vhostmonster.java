// Seed section "Using VHostMonster", the Twisted front end: a NameVirtualHost whose host
// example.com is a ReverseProxyResource to the back end's vhost.rpy, so the back end builds
// its URLs as http://example.com/... The seed's back end ('internal', port 8538) is started
// by this same script: htdocs/ on 127.0.0.1:8538, with its vhost.rpy.
// Run: ./twistlet -ny examples/33-using-vhostmonster.java
// then: curl -H 'Host: example.com' http://localhost:8080/where.rpy   (says http://example.com/where.rpy)
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.proxy.ReverseProxyResource;
import dev.twistlet.web.script.ResourceScript;
import dev.twistlet.web.vhost.NameVirtualHost;

var backend = new FileResource(file.resolveSibling("htdocs"));
backend.addProcessor(".rpy", new ResourceScript());
application.listen("tcp:port=8538:interface=127.0.0.1", new Site(backend));

String vhostName = "example.com";
var reverseProxy = new ReverseProxyResource("127.0.0.1", 8538, "/vhost.rpy/http/" + vhostName + "/");
var root = new NameVirtualHost();
root.addHost(vhostName, reverseProxy);
application.listen("tcp:8080", new Site(root));
