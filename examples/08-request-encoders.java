// Seed section "Request encoders": the Simple resource wrapped so that browsers which accept
// gzip get its page compressed.
// Run: ./twistlet -ny examples/08-request-encoders.java
// then: curl --compressed -v http://localhost:8080/   (Content-Encoding: gzip)
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.encoding.EncodingResourceWrapper;
import dev.twistlet.web.encoding.GzipEncoderFactory;
import java.util.List;

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

var resource = new Simple();
var wrapped = new EncodingResourceWrapper(resource, List.of(new GzipEncoderFactory()));
application.listen("tcp:8080", new Site(wrapped));
