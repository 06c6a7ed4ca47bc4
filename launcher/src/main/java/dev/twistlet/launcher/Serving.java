package dev.twistlet.launcher;

import dev.twistlet.web.observe.LauncherMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Runs servers until SIGTERM or SIGINT: takes the pid file, starts the admin listener if any
 * (its {@code /health/ready} 503 until every listener is bound), binds the servers (a busy
 * port is a usage mistake), prints where each serves, waits for the signal, then stops
 * gracefully (see {@link #stop}) and removes the pid file.
 */
final class Serving {
    private Serving() {
    }

    /**
     * @param servers    the servers, not yet started; all are closed before this returns
     * @param operations the admin listener and how to stop
     * @param pidFile    where this process's PID goes while it serves, or {@code null}
     * @param out        where the "serving URL" and "stopping" notices go
     * @param who        the command's name, prefixed to each notice
     * @throws UsageException when the pid file names a running process, or a port cannot be bound
     * @throws Exception      when a server fails otherwise
     */
    static void untilStopped(List<WebServer> servers, Operations operations, Path pidFile, PrintStream out, String who)
            throws Exception {
        CountDownLatch stopRequested = new CountDownLatch(1);
        Readiness readiness = new Readiness();
        PidFile pid = pidFile == null ? null : new PidFile(pidFile.toAbsolutePath());
        AdminServer admin = operations.admin() == null ? null : new AdminServer(operations.admin());
        try {
            if (pid != null) {
                claim(pid);
            }
            if (admin != null) {
                // One registry, the first site's: several sites of a -y script would repeat the JVM's meters.
                LauncherMetrics metrics = servers.get(0).enableMetrics();
                admin.route("/metrics", () -> new AdminAnswer(200, metrics.contentType(), metrics.scrape()));
                HealthRoutes.install(admin, readiness, servers);
                start(admin::start, "admin endpoint " + admin.getEndpoint().spec());
            }
            for (WebServer server : servers) {
                server.setShutdownTimeout(operations.shutdownTimeout());
                start(server::start, server.getEndpoints().stream().map(Endpoint::spec).collect(Collectors.joining(", ")));
            }
            readiness.ready();
            Signals.onStop(stopRequested::countDown);
            for (WebServer server : servers) {
                for (String address : server.getAddresses()) {
                    out.println(who + ": serving " + address);
                }
            }
            if (admin != null) {
                // Not "serving": that word announces the site's own listeners.
                out.println(who + ": admin endpoint " + admin.getAddress() + " answers " + String.join(", ", admin.getPaths()));
            }
            out.flush();
            stopRequested.await();
            readiness.stopping();
            out.println(who + ": stopping");
            out.flush();
            Thread.sleep(operations.drainDelay().toMillis());
        } finally {
            try {
                stop(servers);
            } finally {
                try {
                    if (admin != null) {
                        admin.close();
                    }
                } finally {
                    if (pid != null) {
                        pid.release();
                    }
                }
            }
        }
    }

    /**
     * The servers stop accepting, all at once; then each is closed, which waits for its
     * requests in flight up to the shutdown timeout (all the servers' timeouts run together)
     * and ends the responses still held after it.
     */
    private static void stop(List<WebServer> servers) throws Exception {
        for (WebServer server : servers) {
            server.stopAccepting();
        }
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

    /** Something that binds a port, such as a server's start. */
    private interface Start {
        void run() throws Exception;
    }

    private static void start(Start start, String where) throws Exception {
        try {
            start.run();
        } catch (Exception e) {
            BindException busy = bindException(e);
            if (busy == null) {
                throw e;
            }
            throw new UsageException("cannot listen on " + where + ": " + busy.getMessage());
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
