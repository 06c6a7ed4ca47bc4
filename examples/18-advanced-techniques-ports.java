// Seed section "Advanced Techniques" (the second example): the ports to listen on come from
// a file of numbers. The seed's /etc/web/ports is the file ports beside this script.
// Run: ./twistlet -ny examples/18-advanced-techniques-ports.java    then open http://localhost:8081/welcome.html
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.script.ResourceScript;
import java.nio.file.Files;

// htdocs/ holds resource scripts: the .rpy processor runs them. Without it, FileResource
// would send their Java source, as Twisted's static.File does with no processors.
var root = new FileResource(file.resolveSibling("htdocs"));
root.addProcessor(".rpy", new ResourceScript());
var site = new Site(root);
for (String number : Files.readString(file.resolveSibling("ports")).trim().split("\\s+")) {
    application.listen("tcp:" + Integer.parseInt(number), site);
}
