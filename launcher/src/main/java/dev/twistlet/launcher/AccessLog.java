package dev.twistlet.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The access log of {@code --logfile}: one line per request in an {@link AccessLogFormat}
 * (the Combined Log Format unless {@code --logformat json}), written when the response
 * ends. Each line is built by the thread that ends its request and handed to the file or
 * standard output in one call, which holds the sink's lock for the line and its line end
 * ({@link RequestLogWriter#write}, {@link PrintStream#println(String)}), so lines never
 * interleave however many threads log at once.
 */
final class AccessLog extends ContainerLifeCycle implements RequestLog {
    private final RequestLog.Writer out;
    private final AccessLogFormat format;

    private AccessLog(RequestLog.Writer out, AccessLogFormat format) {
        this.out = out;
        this.format = format;
        addBean(out); // a file writer opens its file when the server starts, and closes it at the stop
    }

    /**
     * @param destination a file to append to, or {@code -} for standard output
     * @param format      how each line is written
     * @param stdout      standard output
     * @return the request log
     * @throws UsageException when the file's folder does not exist or the file cannot be written
     */
    static RequestLog to(String destination, AccessLogFormat format, PrintStream stdout) {
        if (destination.equals("-")) {
            return new AccessLog(stdout::println, format);
        }
        Path file = Path.of(destination).toAbsolutePath();
        if (!Files.isDirectory(file.getParent())) {
            throw new UsageException("--logfile " + destination + ": no folder " + file.getParent());
        }
        if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(file.getParent())) {
            throw new UsageException("--logfile " + destination + ": cannot write it (permission denied)");
        }
        RequestLogWriter writer = new RequestLogWriter(file.toString());
        writer.setAppend(true);
        return new AccessLog(writer, format);
    }

    @Override
    public void log(Request request, Response response) {
        try {
            out.write(format.line(request, response));
        } catch (IOException e) {
            // a full disk must not fail the request; the writer reports it
        }
    }
}
