package sillyweb;

import java.util.concurrent.atomic.AtomicInteger;

/** The seed's {@code SillyWeb.Counter}: a class from the class path that scripts keep in the registry. */
public final class Counter {
    private final AtomicInteger value = new AtomicInteger();

    /** Adds one. */
    public void increment() {
        value.incrementAndGet();
    }

    /** @return the count */
    public int getValue() {
        return value.get();
    }
}
