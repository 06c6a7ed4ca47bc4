// Seed section "Advanced Techniques" (the first example): no configuration of virtual hosts,
// just one folder per host. The seed's /var/vhosts is vhosts/ beside this script (foo, bar, baz).
// Run: ./twistlet -ny examples/17-advanced-techniques-vhosts.java
// then: curl -H 'Host: foo' http://localhost:8080/
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.vhost.NameVirtualHost;
import java.nio.file.Files;

var root = new NameVirtualHost();
root.setDefault(new FileResource(file.resolveSibling("htdocs")));
try (var dirs = Files.list(file.resolveSibling("vhosts"))) {
    for (var dir : dirs.filter(Files::isDirectory).toList()) {
        root.addHost(dir.getFileName().toString(), new FileResource(dir));
    }
}
application.listen("tcp:8080", new Site(root));
