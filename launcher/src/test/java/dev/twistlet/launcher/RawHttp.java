package dev.twistlet.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exact bytes written on a socket and the HTTP/1.1 responses read back, for tests of how a
 * server parses what hostile clients send. Nothing is tidied on the way: the request goes out
 * as given (no {@code Host} added, no line ending fixed), and the responses are split by their
 * own framing, so a response too many or too few shows.
 */
final class RawHttp {
    /** How long a connection may stay silent before the exchange counts it as left open. */
    static final Duration QUIET = Duration.ofSeconds(3);

    private RawHttp() {
    }

    /**
     * One response.
     *
     * @param status  its status code
     * @param headers its header fields, names in lower case, values in order
     * @param body    its body, decoded as ISO-8859-1
     */
    record Response(int status, Map<String, List<String>> headers, String body) {
        /** @param name a header name @return its first value, or {@code null} */
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    /**
     * What came back on one connection.
     *
     * @param responses the responses, in the order they came
     * @param closed    whether the server closed the connection (rather than leaving it
     *                  silent for {@link #QUIET})
     * @param raw       every byte that came, as ISO-8859-1
     */
    record Exchange(List<Response> responses, boolean closed, String raw) {
        /** @return the status of each response, in order */
        List<Integer> statuses() {
            return responses.stream().map(Response::status).toList();
        }

        /** @return the body of each response, in order */
        List<String> bodies() {
            return responses.stream().map(Response::body).toList();
        }
    }

    /**
     * @param text a request as text: each character one byte (ISO-8859-1), line ends as written
     * @return its bytes
     */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Opens a connection, writes {@code request} in one go, and reads until the server closes
     * the connection or stays silent for {@link #QUIET}.
     *
     * @param port    a port on 127.0.0.1
     * @param request the exact bytes to send
     * @return what came back
     * @throws IOException when the connection cannot be made
     */
    static Exchange exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(bytes(request));
            socket.getOutputStream().flush();
            return readAll(socket);
        }
    }

    /**
     * Reads what a connection sends until the server closes it or stays silent for
     * {@link #QUIET}.
     *
     * @param socket a connected socket
     * @return what came
     * @throws IOException when the socket fails otherwise
     */
    static Exchange readAll(Socket socket) throws IOException {
        return readAll(socket, QUIET);
    }

    /**
     * Reads what a connection sends until the server closes it or stays silent for
     * {@code quiet}.
     *
     * @param socket a connected socket
     * @param quiet  how long a silence ends the reading
     * @return what came
     * @throws IOException when the socket fails otherwise
     */
    static Exchange readAll(Socket socket, Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        boolean closed;
        byte[] buffer = new byte[8192];
        InputStream stream = socket.getInputStream();
        while (true) {
            int n;
            try {
                n = stream.read(buffer);
            } catch (SocketTimeoutException silent) {
                closed = false;
                break;
            } catch (SocketException reset) {
                closed = true;
                break;
            }
            if (n < 0) {
                closed = true;
                break;
            }
            in.write(buffer, 0, n);
        }
        String raw = in.toString(StandardCharsets.ISO_8859_1);
        return new Exchange(parse(raw), closed, raw);
    }

    /**
     * Splits bytes read from a connection into responses, by {@code Content-Length}, chunked
     * framing, or the end of the data.
     *
     * @param raw the bytes, as ISO-8859-1
     * @return the responses; a trailing fragment that is not a whole head is left out
     */
    static List<Response> parse(String raw) {
        List<Response> responses = new ArrayList<>();
        int at = 0;
        while (at < raw.length()) {
            int headEnd = raw.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                break;
            }
            String[] lines = raw.substring(at, headEnd).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status = Integer.parseInt(statusLine[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            int bodyStart = headEnd + 4;
            String length = headers.containsKey("content-length") ? headers.get("content-length").get(0) : null;
            boolean bodiless = status == 204 || status == 304 || status / 100 == 1;
            if (bodiless) {
                responses.add(new Response(status, headers, ""));
                at = bodyStart;
            } else if (length != null) {
                int end = Math.min(raw.length(), bodyStart + Integer.parseInt(length));
                responses.add(new Response(status, headers, raw.substring(bodyStart, end)));
                at = end;
            } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", List.of("")).get(0))) {
                StringBuilder body = new StringBuilder();
                int p = bodyStart;
                while (true) {
                    int lineEnd = raw.indexOf("\r\n", p);
                    if (lineEnd < 0) {
                        p = raw.length();
                        break;
                    }
                    int size = Integer.parseInt(raw.substring(p, lineEnd).split(";")[0].trim(), 16);
                    p = lineEnd + 2;
                    if (size == 0) {
                        int trailerEnd = raw.indexOf("\r\n", p);
                        p = trailerEnd < 0 ? raw.length() : trailerEnd + 2;
                        break;
                    }
                    body.append(raw, p, Math.min(raw.length(), p + size));
                    p = Math.min(raw.length(), p + size + 2);
                }
                responses.add(new Response(status, headers, body.toString()));
                at = p;
            } else {
                responses.add(new Response(status, headers, raw.substring(bodyStart)));
                at = raw.length();
            }
        }
        return responses;
    }

    /**
     * Writes bytes one at a time with a pause between them, as a slow or hostile client does.
     *
     * @param out   where to write
     * @param bytes what to write
     * @param pause the pause after each byte
     * @return how many bytes were written before the connection refused more
     * @throws InterruptedException when interrupted
     */
    static int trickle(OutputStream out, byte[] bytes, Duration pause) throws InterruptedException {
        for (int i = 0; i < bytes.length; i++) {
            try {
                out.write(bytes[i]);
                out.flush();
            } catch (IOException refused) {
                return i;
            }
            Thread.sleep(pause.toMillis());
        }
        return bytes.length;
    }
}
