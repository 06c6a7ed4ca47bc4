// The rpy scenario's script: runs on every request, as in Twisted.
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

class Hello extends Resource {
    @Override
    public Object renderGet(Request request) {
        return "<html>Hello, world!</html>";
    }
}

resource = new Hello();
