// Seed section ".rpy scripts" (MyResource): a Resource subclass defined in the script
// itself. Edit it while the server runs and refresh: the change shows at once, which is
// what the seed's reload(myresource) is for.
// Run: ./twistlet web --path examples/htdocs    then open http://localhost:8080/ (or /index.rpy)
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

class MyResource extends Resource {
    @Override
    public Object renderGet(Request request) {
        return "<html>Hello, world!</html>";
    }
}

resource = new MyResource();
