package dev.twistlet.sample;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A page held open ({@code NOT_DONE_YET}) and finished by {@code callLater}; {@code ?wait=ms}
 * holds it longer. {@code held/lost} counts the clients that left before their page ended,
 * as {@code notifyFinish} told it.
 */
public class HeldPage extends Resource {
    private final AtomicInteger lost = new AtomicInteger();

    /** Adds {@code lost}. */
    public HeldPage() {
        putChild("lost", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return Integer.toString(lost.get());
            }
        });
    }

    @Override
    public Object renderGet(Request request) {
        String wait = request.getArg("wait");
        long millis = wait == null ? 300 : Math.min(60_000, Long.parseLong(wait));
        request.notifyFinish().whenComplete((done, error) -> {
            if (error != null) {
                lost.incrementAndGet();
            }
        });
        request.write("held... ");
        request.getSite().callLater(Duration.ofMillis(millis), () -> {
            if (!request.isFinished()) {
                request.write("finished");
                request.finish();
            }
        });
        return NOT_DONE_YET;
    }
}
