// The seed's second "Advanced Techniques" example: the ports to listen on come from a file
// of numbers (here ports, beside this script).
//   ./twistlet -ny examples/ports-from-file.java
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import java.nio.file.Files;

var root = new FileResource(file.resolveSibling("htdocs"));
var site = new Site(root);
for (String number : Files.readString(file.resolveSibling("ports")).trim().split("\\s+")) {
    application.listen("tcp:" + Integer.parseInt(number), site);
}
