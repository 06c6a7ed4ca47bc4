// Seed section "Modifying File Resources" (ignoreExt): /counter finds counter.rpy, so URLs
// do not show how a page is made.
// Run: ./twistlet -ny examples/15-modifying-file-resources-ignore-ext.java    then open http://localhost:8080/counter
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;
import java.util.Map;

var root = new FileResource(file.resolveSibling("htdocs"));
root.ignoreExt(".rpy");
root.setProcessors(Map.of(".rpy", new ResourceScript()));
application.listen("tcp:8080", new Site(root));
