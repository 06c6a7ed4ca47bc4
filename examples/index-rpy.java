// The seed's "Modifying File Resources" example: every .rpy file is a resource script,
// and a directory is rendered by its index.rpy.
//   ./twistlet -ny examples/index-rpy.java
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;
import java.util.List;
import java.util.Map;

var root = new FileResource(file.resolveSibling("htdocs"));
root.setIndexNames(List.of("index.rpy"));
root.setProcessors(Map.of(".rpy", new ResourceScript()));
application.listen("tcp:8080", new Site(root));
