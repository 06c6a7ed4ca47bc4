// Seed section "Resource Scripts" (the registry counter, and SillyWeb's Counter): state kept
// in the registry outlives each run of the script and each edit of it. Keep classes from
// the class path there (here AtomicInteger), not classes declared in the script, which an
// edit replaces.
// Run: ./twistlet web --path examples/htdocs    then open http://localhost:8080/counter.rpy twice
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
