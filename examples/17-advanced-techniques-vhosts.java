// Seed section "Advanced Techniques" (the first example): no configuration of virtual hosts,
// just one folder per host. The seed's /var/vhosts is vhosts/ beside this script (foo, bar, baz).
// Run: ./twistlet -ny examples/17-advanced-techniques-vhosts.java
// then: curl -H 'Host: foo' http://localhost:8080/
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;
import dev.twistlet.web.vhost.NameVirtualHost;
import java.nio.file.Files;

var root = new NameVirtualHost();
// Every folder may hold resource scripts (htdocs/ and vhosts/baz/ do): the .rpy processor
// runs them. Without it, FileResource would send their Java source, as Twisted's
// static.File does with no processors.
var htdocs = new FileResource(file.resolveSibling("htdocs"));
htdocs.addProcessor(".rpy", new ResourceScript());
root.setDefault(htdocs);
try (var dirs = Files.list(file.resolveSibling("vhosts"))) {
    for (var dir : dirs.filter(Files::isDirectory).toList()) {
        var host = new FileResource(dir);
        host.addProcessor(".rpy", new ResourceScript());
        root.addHost(dir.getFileName().toString(), host);
    }
}
application.listen("tcp:8080", new Site(root));
