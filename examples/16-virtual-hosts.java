// Seed section "Virtual Hosts": a default site, foo.com, bar.com, and baz with resource
// scripts and extension-less URLs. The seed's folders are vhosts/ beside this script.
// Run: ./twistlet -ny examples/16-virtual-hosts.java
// then: curl -H 'Host: foo.com' http://localhost:8080/
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;
import dev.twistlet.web.vhost.NameVirtualHost;
import java.util.Map;

var root = new NameVirtualHost();
// Add a default -- htdocs
// htdocs/ holds resource scripts: the .rpy processor runs them. Without it, FileResource
// would send their Java source, as Twisted's static.File does with no processors.
var htdocs = new FileResource(file.resolveSibling("htdocs"));
htdocs.addProcessor(".rpy", new ResourceScript());
root.setDefault(htdocs);
// Add a simple virtual host -- foo.com
root.addHost("foo.com", new FileResource(file.resolveSibling("vhosts/foo")));
// Add a simple virtual host -- bar.com
root.addHost("bar.com", new FileResource(file.resolveSibling("vhosts/bar")));
// The "baz" people want to use Resource Scripts in their web site
var baz = new FileResource(file.resolveSibling("vhosts/baz"));
baz.setProcessors(Map.of(".rpy", new ResourceScript()));
baz.ignoreExt(".rpy");
root.addHost("baz", baz);

application.listen("tcp:8080", new Site(root));
