// Seed section "Advanced Configuration": serve a directory on a port. The seed serves
// /var/www/htdocs on port 80; this example serves htdocs/ beside it on port 8080.
// Run: ./twistlet -ny examples/11-advanced-configuration.java    then open http://localhost:8080/welcome.html
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;

// htdocs/ holds resource scripts: the .rpy processor runs them. Without it, FileResource
// would send their Java source, as Twisted's static.File does with no processors.
var root = new FileResource(file.resolveSibling("htdocs"));
root.addProcessor(".rpy", new ResourceScript());
var site = new Site(root);
application.listen("tcp:8080", site);
