package dev.twistlet.launcher;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: the main thread shuts the server down
 * and the process exits 0, so {@code kill `cat twistlet.pid`} is a clean stop. A second
 * signal during the stop ends the process at once (status 1).
 */
final class Signals {
    private Signals() {
    }

    /** @param stop run (on a signal thread) when SIGTERM or SIGINT arrives */
    static void onStop(Runnable stop) {
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (received.incrementAndGet() == 1) {
                        stop.run();
                    } else {
                        System.err.println("twistlet: second signal, stopping now");
                        Runtime.getRuntime().halt(1);
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // this platform has no such signal; the JVM's default handling stays
            }
        }
    }
}
