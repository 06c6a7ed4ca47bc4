// Seed section "Advanced Techniques" (the second example): the ports to listen on come from
// a file of numbers. The seed's /etc/web/ports is the file ports beside this script.
// Run: ./twistlet -ny examples/18-advanced-techniques-ports.java    then open http://localhost:8081/welcome.html
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import java.nio.file.Files;

var root = new FileResource(file.resolveSibling("htdocs"));
var site = new Site(root);
for (String number : Files.readString(file.resolveSibling("ports")).trim().split("\\s+")) {
    application.listen("tcp:" + Integer.parseInt(number), site);
}
