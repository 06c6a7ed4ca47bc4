package dev.twistlet.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * {@code --logformat json}: one JSON object per line with the Combined Log Format's fields
 * and the request's duration, each named in snake_case (every field is in
 * {@code docs/access-log.md}):
 *
 * <pre>{"remote_addr":"127.0.0.1","remote_user":null,"time":"2026-11-26T05:26:45.123+00:00",
 * "method":"GET","uri":"/a?b=c","protocol":"HTTP/1.1","status":200,"bytes_sent":19,
 * "referer":null,"user_agent":"curl/8.5.0","duration_ms":0.412}</pre>
 *
 * <p>(shown on three lines here, written on one). Every field is always there, in this
 * order; a value the request lacks is {@code null}, never {@code "-"}. Jackson writes the
 * strings, so whatever a client sends stays inside its string: quotes, backslashes and
 * control characters are escaped, and so is every character outside ASCII ({@code é} as
 * <code>&#92;u00E9</code>), which keeps a line printable ASCII whatever encoding the log
 * file is written in (Jetty's file writer uses the platform's).
 */
final class JsonLogFormat implements AccessLogFormat {
    private static final JsonFactory JSON = new JsonFactoryBuilder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public String line(Request request, Response response) {
        long nanos = Math.max(0, System.nanoTime() - request.getBeginNanoTime());
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("remote_addr", orNull(Request.getRemoteAddr(request)));
            // Authentication is the resources' business, not the server's: there is never a user here.
            json.writeNullField("remote_user");
            json.writeStringField("time", TIME.format(Instant.ofEpochMilli(Request.getTimeStamp(request))));
            boolean lineRead = !requestLineUnread(request, response);
            json.writeStringField("method", lineRead ? orNull(request.getMethod()) : null);
            HttpURI uri = request.getHttpURI();
            json.writeStringField("uri", lineRead && uri != null ? orNull(uri.getPathQuery()) : null);
            json.writeStringField("protocol", lineRead ? orNull(request.getConnectionMetaData().getProtocol()) : null);
            json.writeNumberField("status", response.getStatus());
            json.writeNumberField("bytes_sent", Math.max(0, Response.getContentBytesWritten(response)));
            json.writeStringField("referer", request.getHeaders().get(HttpHeader.REFERER));
            json.writeStringField("user_agent", request.getHeaders().get(HttpHeader.USER_AGENT));
            json.writeFieldName("duration_ms");
            // Milliseconds to the microsecond, written plainly (0.004, never 4.0E-3).
            json.writeNumber(BigDecimal.valueOf(nanos / 1000, 3));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter never fails", e);
        }
        return line.toString();
    }

    /**
     * Whether Jetty refused the request before it had read its request line. It then logs a
     * stand-in, {@code BAD /badMessage HTTP/1.0} with no headers, whose values were never
     * sent; a real request so named would have reached the site and been answered 501.
     */
    private static boolean requestLineUnread(Request request, Response response) {
        HttpURI uri = request.getHttpURI();
        return response.getStatus() >= 400 && response.getStatus() < 500 && "BAD".equals(request.getMethod())
                && uri != null && "/badMessage".equals(uri.getPathQuery()) && request.getHeaders().size() == 0
                && "HTTP/1.0".equals(request.getConnectionMetaData().getProtocol());
    }

    private static String orNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
