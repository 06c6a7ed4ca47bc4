// The seed's "Adding Children" example: the installed packages' documentation under /doc,
// beside the site's own files.
//   ./twistlet -ny examples/adding-children.java
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import java.nio.file.Path;

var root = new FileResource(file.resolveSibling("htdocs"));
root.putChild("doc", new FileResource(Path.of("/usr/share/doc")));
application.listen("tcp:8080", new Site(root));
