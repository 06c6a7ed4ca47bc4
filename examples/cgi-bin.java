// The seed's second "Adding Children" example: a cgi-bin folder whose every file is a
// CGI script.
//   ./twistlet -ny examples/cgi-bin.java
import dev.twistlet.web.Site;
import dev.twistlet.web.cgi.CGIDirectory;
import dev.twistlet.web.files.FileResource;

var root = new FileResource(file.resolveSibling("htdocs"));
root.putChild("cgi-bin", new CGIDirectory(file.resolveSibling("cgi-bin")));
application.listen("tcp:8080", new Site(root));
