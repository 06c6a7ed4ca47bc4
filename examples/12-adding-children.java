// Seed section "Adding Children": the site's own files, with documentation under /doc.
// The seed serves /usr/share/doc; this example serves the doc/ folder beside it instead.
// Run: ./twistlet -ny examples/12-adding-children.java    then open http://localhost:8080/doc/
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;

// htdocs/ holds resource scripts: the .rpy processor runs them. Without it, FileResource
// would send their Java source, as Twisted's static.File does with no processors.
var root = new FileResource(file.resolveSibling("htdocs"));
root.addProcessor(".rpy", new ResourceScript());
root.putChild("doc", new FileResource(file.resolveSibling("doc")));
application.listen("tcp:8080", new Site(root));
