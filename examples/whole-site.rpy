// A resource script that is a whole site: ./twistlet web --resource-script examples/whole-site.rpy
// The script's resource becomes the root, so it is a leaf: it answers "/" and every path
// below it itself (a root that is not a leaf would be asked for its child "" at "/").
import dev.twistlet.web.Html;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

resource = new Resource() {
    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public Object renderGet(Request request) {
        return "<html><body><h1>One script, the whole site</h1><p>You asked for "
                + Html.escape(request.getPath()) + ".</p></body></html>";
    }
};
