package dev.twistlet.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A servlet container run as a process of its own (a README block whose last line starts it),
 * its output in a log file: waited for until it answers, asked for pages, stopped with SIGTERM as
 * an operator stops it, and stopped with all its descendants by {@link #close()} whatever happened.
 */
final class ContainerProcess implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final String origin;
    private final List<ProcessHandle> tree = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private ContainerProcess(Process process, Path log, String origin) {
        this.process = process;
        this.log = log;
        this.origin = origin;
    }

    /**
     * Starts the container and returns once {@code /} answers 200 at {@code origin}.
     *
     * @param builder what to run; its output is sent to {@code log}
     * @param log     the file that gets the container's output
     * @param origin  where it serves, e.g. {@code http://127.0.0.1:8123}
     * @return the running container
     * @throws AssertionError when it exits first or does not answer 200 within 90 s (with the
     *                        log's last lines)
     * @throws Exception      when it cannot be started or the wait is interrupted
     */
    static ContainerProcess start(ProcessBuilder builder, Path log, String origin) throws Exception {
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        ContainerProcess container = new ContainerProcess(builder.start(), log, origin);
        try {
            container.awaitRoot();
            return container;
        } catch (Exception | AssertionError failed) {
            container.close();
            throw failed;
        }
    }

    /**
     * A GET, with the {@code Cookie} header when {@code cookie} is not null.
     *
     * @param path    the path below the origin
     * @param cookie  e.g. {@code JSESSIONID=...}, or null
     * @return the whole answer
     * @throws IOException          when the exchange fails
     * @throws InterruptedException when interrupted while waiting for the answer
     */
    HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Sends SIGTERM and waits for the container to exit.
     *
     * @throws AssertionError when it is still running 30 s later
     * @throws Exception      when {@code kill} cannot be run or the wait is interrupted
     */
    void terminate() throws Exception {
        tree.addAll(process.descendants().toList());
        if (new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor() != 0) {
            throw new AssertionError("kill -TERM " + process.pid() + " failed");
        }
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("still running " + STOP + " after SIGTERM; log:\n" + tail());
        }
    }

    /**
     * @return everything the container wrote so far
     * @throws IOException when the log cannot be read
     */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** @return the last lines of the log, for failure messages */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException unreadable) {
            return "(no log: " + unreadable + ")";
        }
    }

    /**
     * Stops the container if it still runs: SIGTERM first, so that it cleans up after itself (Jetty
     * deletes the WAR it unpacked to {@code /tmp}), then SIGKILL for it and every process it
     * started; waits for it to be gone.
     */
    @Override
    public void close() {
        tree.addAll(process.descendants().toList());
        try {
            process.destroy();
            process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Asks for {@code /} until it answers 200, the process exits, or {@link #START} has passed. */
    private void awaitRoot() throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("exited with status " + process.exitValue() + " before " + origin
                        + "/ answered 200; log:\n" + tail());
            }
            try {
                HttpResponse<String> answer = get("/", null);
                if (answer.statusCode() == 200) {
                    return;
                }
                last = "status " + answer.statusCode();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no 200 at " + origin + "/ within " + START + " (last: " + last + "); log:\n" + tail());
    }
}
