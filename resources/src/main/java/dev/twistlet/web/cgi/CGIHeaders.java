package dev.twistlet.web.cgi;

import dev.twistlet.web.relay.RelayHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header block a CGI script writes before its body (RFC 3875 section 6): lines ended
 * by LF or CRLF, up to an empty line, read with a limit so a script cannot make the server
 * buffer without end. Headers a script may not set (those {@link RelayHeaders#forAnswer}
 * drops, as for every upstream: the container owns the connection, {@code Server} and
 * {@code Date}) are left out here already.
 */
final class CGIHeaders {

    /** One header line. */
    record Header(String name, String value) {
    }

    /** The script broke the protocol: too many header bytes, or a bad {@code Status}. */
    static final class BadHeaders extends IOException {
        private static final long serialVersionUID = 1L;

        BadHeaders(String message) {
            super(message);
        }
    }

    private final List<Header> headers;
    private final int status;

    private CGIHeaders(List<Header> headers, int status) {
        this.headers = headers;
        this.status = status;
    }

    /**
     * Reads the header block.
     *
     * @param in       the script's output, positioned at its start; left at the body
     * @param maxBytes the most the block may take
     * @return the headers, or {@code null} when the output ended before the empty line
     * @throws BadHeaders  when the block is too long or the status is not a code
     * @throws IOException when reading fails
     */
    static CGIHeaders read(InputStream in, int maxBytes) throws IOException {
        List<Header> headers = new ArrayList<>();
        List<String> connection = new ArrayList<>(1);
        int status = 0;
        int total = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (++total > maxBytes) {
                throw new BadHeaders("headers longer than " + maxBytes + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                RelayHeaders rule = RelayHeaders.forAnswer(connection);
                headers.removeIf(header -> rule.drops(header.name()));
                boolean location = headers.stream().anyMatch(header -> header.name().equalsIgnoreCase("Location"));
                return new CGIHeaders(headers, status != 0 ? status : location ? 302 : 200);
            }
            int colon = text.indexOf(':');
            if (colon <= 0 || !token(text.substring(0, colon))) {
                continue; // not a header: ignored, as Twisted does
            }
            String name = text.substring(0, colon);
            String value = text.substring(colon + 1).strip();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("status")) {
                status = statusCode(value);
            } else {
                if (lower.equals("connection")) {
                    connection.add(value);
                }
                headers.add(new Header(name, value));
            }
        }
    }

    /** @return the headers to send, in the script's order */
    List<Header> headers() {
        return headers;
    }

    /** @return the {@code Status} code, else 302 with a {@code Location}, else 200 */
    int status() {
        return status;
    }

    private static int statusCode(String value) throws BadHeaders {
        int end = value.indexOf(' ');
        String digits = end < 0 ? value : value.substring(0, end);
        try {
            int code = Integer.parseInt(digits);
            if (code >= 100 && code <= 599 && digits.length() == 3) {
                return code;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadHeaders("bad Status header: " + value);
    }

    private static boolean token(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
