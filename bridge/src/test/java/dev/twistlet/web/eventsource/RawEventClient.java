package dev.twistlet.web.eventsource;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A GET written as bytes on a socket, its head read whole and its body read, de-chunked, one
 * blank-line-terminated block at a time while the response is still open: how a test sees an
 * event stream arrive.
 */
final class RawEventClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final String head;
    private final boolean chunked;
    /** Bytes left in the current chunk. */
    private int chunkLeft;
    private boolean inChunk;
    private boolean ended;

    private RawEventClient(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.head = head;
        this.chunked = head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked\r\n");
    }

    /**
     * Connects, sends {@code method path} with {@code Host} and the given header lines, and
     * reads the head.
     *
     * @param port    the server's port on 127.0.0.1
     * @param method  e.g. {@code GET}
     * @param path    the request target
     * @param headers whole header lines, e.g. {@code Last-Event-ID: 4}
     * @return the client, its head read
     * @throws IOException on socket errors, or when no head comes within 10 seconds
     */
    static RawEventClient open(int port, String method, String path, String... headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                socket.close();
                throw new EOFException("connection closed in the head: " + head);
            }
            head.append((char) b);
        }
        return new RawEventClient(socket, head.toString());
    }

    /** @return the status line and header lines, ending with the blank line */
    String head() {
        return head;
    }

    /** @return the status code */
    int status() {
        return Integer.parseInt(head.substring(9, 12));
    }

    /**
     * @param name a header name
     * @return its first value, or {@code null}
     */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** @return whether the body is chunked */
    boolean chunked() {
        return chunked;
    }

    /**
     * @return the body's next block, up to and with the blank line that ends it
     * @throws IOException when the body ends first, or nothing comes for 10 seconds
     */
    String nextBlock() throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int last = -1;
        while (true) {
            int b = read();
            if (b < 0) {
                throw new EOFException("the body ended; read: " + block.toString(StandardCharsets.UTF_8));
            }
            block.write(b);
            if (b == '\n' && last == '\n') {
                return block.toString(StandardCharsets.UTF_8);
            }
            last = b;
        }
    }

    /**
     * Reads what is left of the body.
     *
     * @return the rest, once the response has ended (the last chunk came)
     * @throws IOException when the connection ends first, or nothing comes for 10 seconds
     */
    String rest() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (int b = read(); b >= 0; b = read()) {
            rest.write(b);
        }
        if (!ended && chunked) {
            throw new EOFException("the connection closed before the last chunk; read: "
                    + rest.toString(StandardCharsets.UTF_8));
        }
        return rest.toString(StandardCharsets.UTF_8);
    }

    /** One body byte, de-chunked; -1 at the body's end. */
    private int read() throws IOException {
        if (!chunked) {
            return in.read();
        }
        if (ended) {
            return -1;
        }
        if (chunkLeft == 0) {
            if (inChunk) {
                readLine(); // the CRLF after a chunk's data
            }
            String size = readLine();
            if (size == null) {
                return -1;
            }
            int semicolon = size.indexOf(';');
            chunkLeft = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (chunkLeft == 0) {
                ended = true;
                return -1;
            }
            inChunk = true;
        }
        int b = in.read();
        if (b >= 0) {
            chunkLeft--;
        }
        return b;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                return line.toString().strip();
            }
            line.append((char) b);
        }
        return null;
    }

    /** Closes the socket, as a client that leaves does. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
