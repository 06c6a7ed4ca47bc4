package dev.twistlet.web.cgi;

/** Ends a process and everything it started that is still its descendant. */
final class ProcessTree {
    private ProcessTree() {
    }

    /**
     * Kills (SIGKILL) the descendants first, while they are still found as such, then the
     * process. Its own parent, the JVM, reaps it, so no zombie is left.
     *
     * @param process the script
     */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
