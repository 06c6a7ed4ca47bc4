// baz's resource script: reached as /hello, the .rpy is ignored in URLs.
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

resource = new Resource() {
    @Override
    public Object renderGet(Request request) {
        return "<html>baz says hello</html>";
    }
};
