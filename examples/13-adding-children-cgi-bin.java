// Seed section "Adding Children" (the second example): a cgi-bin folder whose every file is
// a CGI script. The seed's /var/www/cgi-bin is cgi-bin/ beside this script here.
// Run: ./twistlet -ny examples/13-adding-children-cgi-bin.java    then open http://localhost:8080/cgi-bin/hello.cgi?x=1
import dev.twistlet.web.Site;
import dev.twistlet.web.cgi.CGIDirectory;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;

// htdocs/ holds resource scripts: the .rpy processor runs them. Without it, FileResource
// would send their Java source, as Twisted's static.File does with no processors.
var root = new FileResource(file.resolveSibling("htdocs"));
root.addProcessor(".rpy", new ResourceScript());
root.putChild("cgi-bin", new CGIDirectory(file.resolveSibling("cgi-bin")));
application.listen("tcp:8080", new Site(root));
