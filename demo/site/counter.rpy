// The seed's counter: state kept in the registry outlives each run of the script and
// each edit of it. Keep classes from the class path there (here AtomicInteger), not
// classes declared in the script, which an edit replaces.
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.util.concurrent.atomic.AtomicInteger;

var counter = registry.getComponent(AtomicInteger.class, AtomicInteger::new);

class MyResource extends Resource {
    @Override
    public Object renderGet(Request request) {
        return "you are visitor %d".formatted(counter.incrementAndGet());
    }
}

resource = new MyResource();
