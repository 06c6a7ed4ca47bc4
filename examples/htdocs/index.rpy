// The seed's first resource script: a Resource subclass defined in the script itself.
// Edit it while the server runs and refresh the page: the change shows at once.
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

class MyResource extends Resource {
    @Override
    public Object renderGet(Request request) {
        return "<html>Hello, world!</html>";
    }
}

resource = new MyResource();
