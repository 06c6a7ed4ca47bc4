package dev.twistlet.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Runs servers until SIGTERM or SIGINT: takes the pid file, binds them all (a busy port is a
 * usage mistake), prints where each serves, waits for the signal, then stops them gracefully
 * and removes the pid file.
 */
final class Serving {
    private Serving() {
    }

    /**
     * @param servers the servers, not yet started; all are closed before this returns
     * @param pidFile where this process's PID goes while it serves, or {@code null}
     * @param out     where the "serving URL" and "stopping" notices go
     * @param who     the command's name, prefixed to each notice
     * @throws UsageException when the pid file names a running process, or a port cannot be bound
     * @throws Exception      when a server fails otherwise
     */
    static void untilStopped(List<WebServer> servers, Path pidFile, PrintStream out, String who) throws Exception {
        CountDownLatch stopRequested = new CountDownLatch(1);
        PidFile pid = pidFile == null ? null : new PidFile(pidFile.toAbsolutePath());
        try {
            if (pid != null) {
                claim(pid);
            }
            for (WebServer server : servers) {
                start(server);
            }
            Signals.onStop(stopRequested::countDown);
            for (WebServer server : servers) {
                for (String address : server.getAddresses()) {
                    out.println(who + ": serving " + address);
                }
            }
            out.flush();
            stopRequested.await();
            out.println(who + ": stopping");
        } finally {
            try {
                closeAll(servers);
            } finally {
                if (pid != null) {
                    pid.release();
                }
            }
        }
    }

    private static void claim(PidFile pid) throws IOException {
        long running;
        try {
            running = pid.claim(() -> { });
        } catch (IOException e) {
            throw new UsageException("cannot write the pid file " + pid.path() + ": " + e.getMessage()
                    + " (give --pidfile FILE, or --pidfile= for none)");
        }
        if (running != 0) {
            throw new UsageException("another server is running (pid " + running + ", from " + pid.path()
                    + "); stop it, or give another --pidfile");
        }
    }

    private static void start(WebServer server) throws Exception {
        try {
            server.start();
        } catch (Exception e) {
            BindException busy = bindException(e);
            if (busy == null) {
                throw e;
            }
            throw new UsageException("cannot listen on " + server.getEndpoints().stream().map(Endpoint::spec)
                    .collect(Collectors.joining(", ")) + ": " + busy.getMessage());
        }
    }

    private static void closeAll(List<WebServer> servers) throws Exception {
        Exception failure = null;
        for (WebServer server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static BindException bindException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }
}
