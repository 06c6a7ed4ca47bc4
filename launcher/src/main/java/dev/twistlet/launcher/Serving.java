package dev.twistlet.launcher;

import java.io.PrintStream;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Runs started servers until SIGTERM or SIGINT: binds them all (a busy port is a usage
 * mistake), prints where each serves, waits for the signal, then stops them gracefully.
 */
final class Serving {
    private Serving() {
    }

    /**
     * @param servers the servers, not yet started; all are closed before this returns
     * @param out     where the "serving URL" and "stopping" notices go
     * @param who     the command's name, prefixed to each notice
     * @throws UsageException when a port cannot be bound
     * @throws Exception      when a server fails otherwise
     */
    static void untilStopped(List<WebServer> servers, PrintStream out, String who) throws Exception {
        CountDownLatch stopRequested = new CountDownLatch(1);
        try {
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
            closeAll(servers);
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
