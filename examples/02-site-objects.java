// Seed section "Site Objects": a Site made by hand around one leaf resource, listening on
// port 8080 (the seed's TCP4ServerEndpoint and reactor.run are application.listen here).
// Run: ./twistlet -ny examples/02-site-objects.java    then open http://localhost:8080/any/path
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;

class Simple extends Resource {
    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public Object renderGet(Request request) {
        return "<html>Hello, world!</html>";
    }
}

application.listen("tcp:8080", new Site(new Simple()));
