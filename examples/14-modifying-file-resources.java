// Seed section "Modifying File Resources": every .rpy file is a resource script, and a
// directory is rendered by its index.rpy. htdocs/ beside this script stands for the seed's
// /var/www/htdocs.
// Run: ./twistlet -ny examples/14-modifying-file-resources.java    then open http://localhost:8080/
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;
import java.util.List;
import java.util.Map;

var root = new FileResource(file.resolveSibling("htdocs"));
root.setIndexNames(List.of("index.rpy"));
root.setProcessors(Map.of(".rpy", new ResourceScript()));
application.listen("tcp:8080", new Site(root));
