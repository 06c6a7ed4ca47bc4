// The seed's "Advanced Configuration" example: serve a directory on a port.
//   ./twistlet -ny examples/serve-htdocs.java
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;

var root = new FileResource(file.resolveSibling("htdocs"));
var site = new Site(root);
application.listen("tcp:8080", site);
