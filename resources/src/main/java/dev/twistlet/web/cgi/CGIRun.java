package dev.twistlet.web.cgi;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.SiteMonitor;
import dev.twistlet.web.relay.UpstreamRelay;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running CGI script answering one request. Three short-lived threads move the bytes:
 * the request body (read whole by the dispatcher already) to the script's stdin, its stdout
 * to the client through an {@link UpstreamRelay} (headers first, then the body as it comes),
 * its stderr to the log. Only the stdout thread touches the response. A timeout or a client that
 * went away kills the script with its children; the stdout thread then sees the end and
 * answers 504, or nothing, as fits. A script that has answered but still leaves its stdin
 * unread a second later is ended too, so no thread outlives the exchange writing to it.
 */
final class CGIRun {
    private static final Logger LOG = LoggerFactory.getLogger(CGIRun.class);

    private final UpstreamRelay relay;
    private final Process process;
    private final String name;
    private final CGIConfig config;
    private volatile boolean timedOut;
    /** Set when this server ends the script, before it exits by itself. */
    private volatile boolean killed;
    private volatile ScheduledFuture<?> timeout;
    private volatile Thread feeder;

    private CGIRun(UpstreamRelay relay, Process process, String name, CGIConfig config) {
        this.relay = relay;
        this.process = process;
        this.name = name;
        this.config = config;
    }

    /**
     * Starts moving bytes for a started script; the response is ended by the stdout thread.
     *
     * @param request  the request, held open by the caller
     * @param resource the script's resource, for failure reports
     * @param process  the started script
     * @param name     how logs name it
     * @param body     the request body, read up to {@code length} bytes; {@code null} for none
     * @param length   how many bytes of {@code body} to send
     * @param config   the timeout and header limit
     */
    static void start(Request request, IResource resource, Process process, String name, InputStream body, long length,
            CGIConfig config) {
        CGIRun run = new CGIRun(new UpstreamRelay(request, resource), process, name, config);
        LiveProcesses.add(process);
        SiteMonitor monitor = request.getSite().getMonitor();
        monitor.scriptStarted();
        run.timeout = request.getSite().callLater(config.timeout(), run::timeOut);
        process.onExit().thenRun(() -> {
            LiveProcesses.remove(process);
            ScheduledFuture<?> t = run.timeout;
            if (t != null) {
                t.cancel(false);
            }
            if (process.exitValue() != 0 && !run.timedOut) {
                LOG.warn("CGI script {} exited with status {}", name, process.exitValue());
            }
            monitor.scriptEnded(run.killed);
        });
        run.relay.onClientLeft(lost -> {
            LOG.info("CGI script {}: the client went away, killing it", name);
            run.kill();
        });
        thread(name, "err", run::logStderr);
        if (body == null || length == 0) {
            closeQuietly(process.getOutputStream());
        } else {
            run.feeder = thread(name, "in", () -> run.feed(body, length));
        }
        thread(name, "out", run::pump);
    }

    private void timeOut() {
        if (process.isAlive()) {
            timedOut = true;
            LOG.warn("CGI script {} ran past its {} timeout, killing it", name, config.timeout());
            kill();
        }
    }

    /** Ends the script and its children, if it still runs. */
    private void kill() {
        if (process.isAlive()) {
            killed = true;
            ProcessTree.kill(process);
        }
    }

    private void feed(InputStream body, long length) {
        try (body; OutputStream stdin = process.getOutputStream()) {
            byte[] buffer = new byte[8192];
            long left = length;
            while (left > 0) {
                int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                stdin.write(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            // the script stopped reading (or ended): it had what it wanted
        }
    }

    private void logStderr() {
        try (InputStream err = process.getErrorStream()) {
            byte[] line = new byte[4096];
            int length = 0;
            int b;
            while ((b = err.read()) >= 0) {
                if (b == '\n' || length == line.length) {
                    logLine(line, length);
                    length = 0;
                    if (b == '\n') {
                        continue;
                    }
                }
                line[length++] = (byte) b;
            }
            if (length > 0) {
                logLine(line, length);
            }
        } catch (IOException e) {
            // the script is gone
        }
    }

    private void logLine(byte[] line, int length) {
        LOG.warn("CGI script {}: {}", name, new String(line, 0, length, StandardCharsets.UTF_8).stripTrailing());
    }

    private void pump() {
        try {
            relay();
        } finally {
            endFeed();
        }
    }

    /** A script that answered without reading its whole body gets a second more, then is ended. */
    private void endFeed() {
        Thread feeding = feeder;
        if (feeding == null) {
            return;
        }
        try {
            feeding.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (feeding.isAlive()) {
            LOG.info("CGI script {} answered without reading its request body; ending it", name);
            kill();
        }
    }

    /** Relays the script's headers and body, or the error page that fits. */
    private void relay() {
        try (InputStream stdout = new BufferedInputStream(process.getInputStream(), 8192)) {
            CGIHeaders headers;
            try {
                headers = CGIHeaders.read(stdout, config.maxHeaderBytes());
            } catch (CGIHeaders.BadHeaders e) {
                LOG.error("CGI script {}: {}", name, e.getMessage());
                kill();
                relay.fail(e, 502, "Bad Gateway", "The CGI script's answer could not be understood.");
                return;
            }
            if (headers == null) {
                if (timedOut) {
                    relay.fail(timedOut(), 504, "Gateway Timeout", "The CGI script did not answer in time.");
                } else if (!relay.clientLeft()) {
                    LOG.error("CGI script {}: premature end of script headers", name);
                    relay.fail(new IOException("premature end of script headers"), 500, "CGI Script Error",
                            "Premature end of script headers.");
                }
                return;
            }
            relay.head(headers.status(), headers.headers().stream().map(h -> Map.entry(h.name(), h.value())).toList());
            byte[] buffer = new byte[8192];
            int n;
            while ((n = stdout.read(buffer)) >= 0) {
                relay.body(ByteBuffer.wrap(buffer, 0, n));
            }
            if (timedOut) {
                relay.fail(timedOut(), 504, "Gateway Timeout", "The CGI script did not answer in time.");
            } else {
                relay.end();
            }
        } catch (IOException | RuntimeException e) {
            kill();
            if (!relay.headSent()) {
                LOG.error("CGI script {}: {}", name, e.toString());
            }
            relay.fail(e, 502, "Bad Gateway", "The CGI script's answer could not be read.");
        }
    }

    private IOException timedOut() {
        return new IOException("CGI script " + name + " timed out" + (relay.headSent() ? " mid-answer" : ""));
    }

    private static Thread thread(String script, String stream, Runnable body) {
        Thread thread = new Thread(body, "cgi-" + script + "-" + stream);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // nothing was to be sent anyway
        }
    }
}
