package dev.twistlet.web.cgi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CGI scripts running now, killed when the JVM exits so that none outlives the
 * server (a child process is not ended by its parent's exit).
 */
final class LiveProcesses {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ProcessTree::kill), "cgi-shutdown"));
    }

    private LiveProcesses() {
    }

    static void add(Process process) {
        RUNNING.add(process);
    }

    static void remove(Process process) {
        RUNNING.remove(process);
    }
}
