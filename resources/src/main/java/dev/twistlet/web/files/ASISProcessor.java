package dev.twistlet.web.files;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Serves a file that holds its own status line and headers, the counterpart of Twisted's
 * {@code static.ASISProcessor}: {@code HTTP/1.0 200 OK}, header lines, an empty line, then
 * the body. The status and headers go out through the request (so the container frames the
 * response), the body is streamed. A file without a valid status line (a code from 100 to
 * 599) or with a malformed header line answers 500.
 */
public class ASISProcessor extends Resource {
    private static final int MAX_HEAD = 64 * 1024;
    private static final Pattern STATUS_CODE = Pattern.compile("[1-5][0-9][0-9]");
    /** A header name (RFC 9110 section 5.1). */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** What a header value may not hold: control characters but tab. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f]");
    private final Path file;

    /**
     * @param file      the {@code .asis} file
     * @param directory the directory it was found in (unused; the {@link Processor} shape)
     */
    public ASISProcessor(Path file, FileResource directory) {
        this.file = file;
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public Object render(Request request) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Head head;
            try {
                head = head(in);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(file + " " + e.getMessage(), e);
            }
            request.setResponseCode(head.code());
            for (String[] header : head.headers()) {
                request.addHeader(header[0], header[1]);
            }
            if (!"HEAD".equals(request.getMethod())) {
                byte[] block = new byte[64 * 1024];
                for (int n; (n = in.read(block)) > 0; ) {
                    request.write(java.util.Arrays.copyOf(block, n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        request.finish();
        return IResource.NOT_DONE_YET;
    }

    /**
     * The status line and header lines at the start of an {@code .asis} file.
     *
     * @param code    the status code
     * @param headers each header's name and value, in the file's order
     */
    record Head(int code, List<String[]> headers) {
    }

    /**
     * Reads the status line and headers, up to and including the empty line.
     *
     * @param in the file, at its start; left at the body
     * @return the status and headers
     * @throws IllegalStateException when the file does not start with a status line whose code is
     *                               from 100 to 599, or a header line is malformed
     * @throws IOException           when reading fails or a line is longer than 64 KiB
     */
    static Head head(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status == null ? new String[0] : status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IllegalStateException("does not start with a status line: " + status);
        }
        if (!STATUS_CODE.matcher(parts[1]).matches()) {
            throw new IllegalStateException("has a status code other than 100 to 599: " + status);
        }
        List<String[]> headers = new ArrayList<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).trim();
            String value = colon < 0 ? "" : header.substring(colon + 1).trim();
            if (!TOKEN.matcher(name).matches() || CONTROL.matcher(value).find()) {
                throw new IllegalStateException("has a malformed header line: " + header);
            }
            headers.add(new String[] {name, value});
        }
        return new Head(Integer.parseInt(parts[1]), headers);
    }

    /** One line ending in LF or CRLF, as ISO-8859-1; {@code null} at the end. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(80);
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (bytes.size() >= MAX_HEAD) {
                throw new IOException("header line too long");
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
