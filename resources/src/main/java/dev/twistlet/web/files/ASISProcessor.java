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

/**
 * Serves a file that holds its own status line and headers, the counterpart of Twisted's
 * {@code static.ASISProcessor}: {@code HTTP/1.0 200 OK}, header lines, an empty line, then
 * the body. The status and headers go out through the request (so the container frames the
 * response), the body is streamed. A file without a valid status line answers 500.
 */
public class ASISProcessor extends Resource {
    private static final int MAX_HEAD = 64 * 1024;
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
            String status = line(in);
            String[] parts = status == null ? new String[0] : status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IllegalStateException(file + " does not start with a status line: " + status);
            }
            request.setResponseCode(Integer.parseInt(parts[1]));
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalStateException(file + " has a malformed header line: " + header);
                }
                request.addHeader(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
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
