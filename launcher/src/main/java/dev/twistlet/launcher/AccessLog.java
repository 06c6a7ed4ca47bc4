package dev.twistlet.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * The access log of {@code --logfile}: one line per request in the Combined Log Format, as
 * Apache writes it and Twisted nearly does (Twisted quotes the client address), written when
 * the response ends. Each line is built by the thread that ends its request and written
 * whole, so lines never interleave:
 *
 * <pre>127.0.0.1 - - [26/Nov/2026:05:26:45 +0000] "GET / HTTP/1.1" 200 19 "-" "curl/8.5.0"</pre>
 *
 * <p>The size is the body's, {@code -} for none; a missing {@code Referer} or
 * {@code User-Agent} is {@code "-"}; quotes, backslashes and control characters inside the
 * quoted fields are escaped, so a client cannot forge a line.
 */
final class AccessLog extends ContainerLifeCycle implements RequestLog {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final RequestLog.Writer out;

    private AccessLog(RequestLog.Writer out) {
        this.out = out;
        addBean(out); // a file writer opens its file when the server starts, and closes it at the stop
    }

    /**
     * @param destination a file to append to, or {@code -} for standard output
     * @param stdout      standard output
     * @return the request log
     * @throws UsageException when the file's folder does not exist or the file cannot be written
     */
    static RequestLog to(String destination, PrintStream stdout) {
        if (destination.equals("-")) {
            return new AccessLog(stdout::println);
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
        return new AccessLog(writer);
    }

    @Override
    public void log(Request request, Response response) {
        String client = Request.getRemoteAddr(request);
        long bytes = Response.getContentBytesWritten(response);
        StringBuilder line = new StringBuilder(160)
                .append(client == null || client.isEmpty() ? "-" : client).append(" - - [")
                .append(TIME.format(Instant.ofEpochMilli(Request.getTimeStamp(request)))).append("] \"");
        quoted(line, request.getMethod() + " " + request.getHttpURI().getPathQuery() + " "
                + request.getConnectionMetaData().getProtocol());
        line.append("\" ").append(response.getStatus()).append(' ').append(bytes > 0 ? Long.toString(bytes) : "-")
                .append(" \"");
        quoted(line, request.getHeaders().get(HttpHeader.REFERER));
        line.append("\" \"");
        quoted(line, request.getHeaders().get(HttpHeader.USER_AGENT));
        line.append('"');
        try {
            out.write(line.toString());
        } catch (IOException e) {
            // a full disk must not fail the request; the writer reports it
        }
    }

    private static void quoted(StringBuilder line, String text) {
        if (text == null) {
            line.append('-');
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < ' ' || c == 0x7f) {
                line.append(String.format("\\x%02x", (int) c));
            } else {
                line.append(c);
            }
        }
    }
}
