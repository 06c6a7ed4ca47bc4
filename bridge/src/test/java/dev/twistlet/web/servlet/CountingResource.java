package dev.twistlet.web.servlet;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A leaf that counts the GETs it answers ({@code counted}): tests of request smuggling mount
 * it where a request hidden in a body would land, and expect the count to stay 0.
 */
public final class CountingResource extends Resource {
    private final AtomicInteger hits = new AtomicInteger();

    /** @return how many GETs it answered */
    public AtomicInteger hits() {
        return hits;
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public Object renderGet(Request request) {
        hits.incrementAndGet();
        return "counted";
    }
}
