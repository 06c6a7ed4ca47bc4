// Seed sections "Resource objects" and "Resource Trees": Hello says where it is located
// (request.getPrepath()), answers for its slash form too, and two more sit below it.
// Run: ./twistlet -ny examples/04-resource-trees.java
// then open http://localhost:8080/, /fred, /bob, /fred/ and /bob/
import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;

class Hello extends Resource {
    @Override
    public IResource getChild(String name, Request request) {
        if (name.isEmpty()) {
            return this;
        }
        return super.getChild(name, request);
    }

    @Override
    public Object renderGet(Request request) {
        return "Hello, world! I am located at " + request.getPrepath() + ".";
    }
}

Hello root = new Hello();
root.putChild("fred", new Hello());
root.putChild("bob", new Hello());
application.listen("tcp:8080", new Site(root));
