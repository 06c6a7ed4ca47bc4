package dev.twistlet.launcher;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: the main thread shuts the server down
 * and the process exits 0, so {@code kill `cat twistlet.pid`} is a clean stop.
 */
final class Signals {
    private Signals() {
    }

    /** @param stop run (on a signal thread) when SIGTERM or SIGINT arrives */
    static void onStop(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException unsupported) {
                // this platform has no such signal; the JVM's default handling stays
            }
        }
    }
}
