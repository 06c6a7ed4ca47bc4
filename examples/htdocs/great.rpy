// Seed section "Resource Scripts": the simplest resource script.
// Run: ./twistlet web --path examples/htdocs    then open http://localhost:8080/great.rpy
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

class MyGreatResource extends Resource {
    @Override
    public Object renderGet(Request request) {
        return "<html>foo</html>";
    }
}

resource = new MyGreatResource();
