package dev.twistlet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load generator of the websocket-echo scenario, where wrk cannot go: {@code CONNECTIONS}
 * WebSocket connections to {@code ws://HOST:PORT/PATH}, each sending a text message of
 * {@code SIZE} bytes (default 32), waiting for its echo, checking it byte for byte, and
 * sending the next; {@code WARMUP} seconds unmeasured (this JVM's own JIT), then
 * {@code SECONDS} measured.
 *
 * <p>Like wrk it is one thread on one selector, writing frames itself (RFC 6455: a masked
 * text frame out, a fresh mask per frame, an unmasked one back), so that a round trip costs
 * it a read, a write and a few dozen byte operations, and the server, not the client, is
 * what runs out of CPU. A general client (Jetty's, the JDK's) does as much work per message
 * as the server it measures and would cap both peers at its own speed.
 *
 * <p>Usage: {@code WebSocketLoad HOST PORT PATH CONNECTIONS WARMUP SECONDS [SIZE]}. Prints
 * {@code round trips/s}, the round trip's {@code p50 ms} and {@code p99 ms}, and
 * {@code errors} (failed handshakes, connections lost, wrong echoes), one per line.
 */
public final class WebSocketLoad {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;

    private WebSocketLoad() {
    }

    /** One connection: what it has read and not parsed yet, and the frame it is writing. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        final ByteBuffer out = ByteBuffer.allocateDirect(256);
        SelectionKey key;
        long sentAt;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** Round trip times in nanoseconds, appended without boxing. */
    private static final class Times {
        long[] values = new long[1 << 20];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double percentileMillis(double p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int index = Math.min(size - 1, Math.max(0, (int) Math.ceil(p * size) - 1));
            return sorted[index] / 1e6;
        }
    }

    /**
     * @param args HOST PORT PATH CONNECTIONS WARMUP SECONDS [SIZE]
     * @throws IOException when the selector cannot be opened
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 6) {
            System.err.println("usage: WebSocketLoad HOST PORT PATH CONNECTIONS WARMUP SECONDS [SIZE]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int count = Integer.parseInt(args[3]);
        double warmup = Double.parseDouble(args[4]);
        double seconds = Double.parseDouble(args[5]);
        int size = args.length > 6 ? Integer.parseInt(args[6]) : 32;
        if (size < 1 || size > 125) {
            throw new IllegalArgumentException("SIZE must be 1 to 125 bytes (a frame with a one-byte length)");
        }
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }

        long errors = 0;
        Selector selector = Selector.open();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                Connection c = open(host, port, path);
                c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
            } catch (IOException e) {
                errors++;
                System.err.println("connection " + i + ": " + e);
            }
        }

        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        Times times = new Times();
        long roundTrips = 0;
        int open = connections.size();
        for (Connection c : connections) {
            try {
                send(c, payload);
            } catch (IOException e) {
                errors++;
                open--;
                c.key.cancel();
                c.channel.close();
            }
        }
        while (open > 0) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            selector.select(Math.max(1, (end - now) / 1_000_000));
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Connection c = (Connection) key.attachment();
                if (!key.isValid()) {
                    continue;
                }
                try {
                    if (key.isWritable()) {
                        c.channel.write(c.out);
                        if (!c.out.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                    if (!key.isReadable()) {
                        continue;
                    }
                    if (c.channel.read(c.in) < 0) {
                        throw new IOException("the server closed the connection");
                    }
                    c.in.flip();
                    boolean echoed = parse(c.in, payload);
                    c.in.compact();
                    if (echoed) {
                        long done = System.nanoTime();
                        if (done >= measureFrom && done < end) {
                            roundTrips++;
                            times.add(done - c.sentAt);
                        }
                        if (done < end) {
                            send(c, payload);
                        }
                    }
                } catch (IOException e) {
                    errors++;
                    open--;
                    System.err.println("connection lost: " + e.getMessage());
                    key.cancel();
                    c.channel.close();
                }
            }
        }
        close(selector, connections);

        System.out.printf(Locale.ROOT, "connections: %d%n", connections.size());
        System.out.printf(Locale.ROOT, "round trips/s: %.1f%n", roundTrips / seconds);
        System.out.printf(Locale.ROOT, "p50 ms: %.3f%n", times.percentileMillis(0.50));
        System.out.printf(Locale.ROOT, "p99 ms: %.3f%n", times.percentileMillis(0.99));
        System.out.printf(Locale.ROOT, "errors: %d%n", errors);
        System.exit(connections.isEmpty() ? 1 : 0);
    }

    /** Connects and upgrades, blocking; the connection is non-blocking when this returns. */
    private static Connection open(String host, int port, String path) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.socket().setSoTimeout(10_000);
            InputStream input = channel.socket().getInputStream();
            byte[] head = new byte[8192];
            int length = 0;
            int endOfHead = -1;
            while (endOfHead < 0) {
                if (length == head.length) {
                    throw new IOException("the upgrade's answer has more than " + head.length + " bytes of headers");
                }
                int n = input.read(head, length, head.length - length);
                if (n < 0) {
                    throw new IOException("the server closed the connection during the upgrade");
                }
                length += n;
                endOfHead = indexOfBlankLine(head, length);
            }
            String answer = new String(head, 0, endOfHead, StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + answer.lines().findFirst().orElse(""));
            }
            String accept = header(answer, "Sec-WebSocket-Accept");
            if (!accept(key).equals(accept)) {
                throw new IOException("wrong Sec-WebSocket-Accept: " + accept);
            }
            Connection c = new Connection(channel);
            c.in.put(head, endOfHead + 4, length - endOfHead - 4);
            channel.configureBlocking(false);
            return c;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static int indexOfBlankLine(byte[] bytes, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Consumes the whole frames in {@code in}.
     *
     * @return whether one of them was the echo of {@code payload}
     * @throws IOException on a close frame, a fragmented or masked frame, or a wrong echo
     */
    private static boolean parse(ByteBuffer in, byte[] payload) throws IOException {
        boolean echoed = false;
        while (in.remaining() >= 2) {
            int at = in.position();
            int b0 = in.get(at) & 0xFF;
            int b1 = in.get(at + 1) & 0xFF;
            if ((b1 & 0x80) != 0) {
                throw new IOException("a masked frame from the server");
            }
            long length = b1 & 0x7F;
            int header = 2;
            if (length == 126) {
                if (in.remaining() < 4) {
                    break;
                }
                length = in.getShort(at + 2) & 0xFFFF;
                header = 4;
            } else if (length == 127) {
                if (in.remaining() < 10) {
                    break;
                }
                length = in.getLong(at + 2);
                header = 10;
            }
            if (length > in.capacity() - header) {
                throw new IOException("a frame of " + length + " bytes");
            }
            if (in.remaining() < header + length) {
                break;
            }
            int opcode = b0 & 0x0F;
            boolean fin = (b0 & 0x80) != 0;
            int body = at + header;
            if (opcode == OP_CLOSE) {
                int code = length >= 2 ? in.getShort(body) & 0xFFFF : 1005;
                throw new IOException("the server closed the WebSocket with " + code);
            } else if (opcode == OP_TEXT && fin) {
                if (length != payload.length) {
                    throw new IOException("an echo of " + length + " bytes for a message of " + payload.length);
                }
                for (int i = 0; i < payload.length; i++) {
                    if (in.get(body + i) != payload[i]) {
                        throw new IOException("an echo that differs from the message at byte " + i);
                    }
                }
                echoed = true;
            } else if (opcode != OP_PING && opcode != OP_PONG) {
                throw new IOException("an unexpected frame: opcode " + opcode + (fin ? "" : ", not final"));
            }
            in.position(body + (int) length);
        }
        return echoed;
    }

    /** Writes the next message, masked with a fresh key; what the socket does not take waits for OP_WRITE. */
    private static void send(Connection c, byte[] payload) throws IOException {
        ByteBuffer out = c.out;
        out.clear();
        out.put((byte) (0x80 | OP_TEXT));
        out.put((byte) (0x80 | payload.length));
        int mask = ThreadLocalRandom.current().nextInt();
        out.putInt(mask);
        for (int i = 0; i < payload.length; i++) {
            out.put((byte) (payload[i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
        out.flip();
        c.sentAt = System.nanoTime();
        c.channel.write(out);
        if (out.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /**
     * Ends every connection as a client should: a close frame (1000), then what the server
     * still sends (echoes in flight, its close frame) read and dropped until it closes the
     * socket, for at most two seconds; a socket closed with unread data would reach the
     * server as a reset.
     */
    private static void close(Selector selector, List<Connection> connections) throws IOException {
        int open = 0;
        for (Connection c : connections) {
            if (!c.channel.isOpen()) {
                continue;
            }
            try {
                ByteBuffer close = ByteBuffer.allocate(8);
                close.put((byte) (0x80 | OP_CLOSE)).put((byte) 0x82).putInt(0).putShort((short) 1000).flip();
                c.channel.write(close);
                c.key.interestOps(SelectionKey.OP_READ);
                open++;
            } catch (IOException e) {
                c.channel.close();
            }
        }
        ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (open > 0 && System.nanoTime() < deadline) {
            selector.select(100);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Connection c = (Connection) key.attachment();
                int n;
                try {
                    sink.clear();
                    n = c.channel.read(sink);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    key.cancel();
                    c.channel.close();
                    open--;
                }
            }
        }
        for (Connection c : connections) {
            c.channel.close();
        }
        selector.close();
    }
}
