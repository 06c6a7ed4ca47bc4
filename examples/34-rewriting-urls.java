// Seed section "Rewriting URLs": /~foo/bar.html is treated like /users/foo/bar.html, with
// /users/ a UserDirectory, "the classical configuration of web server". The homes come
// from examples/homes/ here instead of the system's password database.
// Run: ./twistlet -ny examples/34-rewriting-urls.java    then open http://localhost:8080/~alice/
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.distrib.UserDirectory;
import dev.twistlet.web.rewrite.RewriterResource;

var defaultRoot = new Resource();
defaultRoot.putChild("users", new UserDirectory(file.resolveSibling("homes")));
var root = new RewriterResource(defaultRoot, RewriterResource.tildeToUsers());
application.listen("tcp:8080", new Site(root));
