// A resource script: recompiled when this file changes.
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

resource = new Resource() {
    @Override
    public Object renderGet(Request request) {
        return "script version 1";
    }
};
