// Says the URL this script is at, as the request reports it (VHostMonster changes it).
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

resource = new Resource() {
    @Override
    public Object renderGet(Request request) {
        return request.prePathURL();
    }
};
