package dev.twistlet.launcher;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The Combined Log Format, as Apache writes it and Twisted nearly does (Twisted quotes the
 * client address); the access log's default:
 *
 * <pre>127.0.0.1 - - [26/Nov/2026:05:26:45 +0000] "GET / HTTP/1.1" 200 19 "-" "curl/8.5.0"</pre>
 *
 * <p>The size is the body's, {@code -} for none; a missing {@code Referer} or
 * {@code User-Agent} is {@code "-"}; quotes, backslashes and control characters inside the
 * quoted fields are escaped, so a client cannot forge a line.
 */
final class CombinedLogFormat implements AccessLogFormat {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    @Override
    public String line(Request request, Response response) {
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
        return line.toString();
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
