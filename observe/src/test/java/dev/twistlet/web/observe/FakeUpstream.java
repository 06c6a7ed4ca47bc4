package dev.twistlet.web.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An upstream that reads each request head, then misbehaves one way: the failures a proxy meets. */
final class FakeUpstream implements AutoCloseable {
    /** What it does once it has the head. */
    enum Fault {
        /** Answers with bytes that are not HTTP. */
        GARBAGE,
        /** Closes the connection without a word. */
        HANG_UP,
        /** Keeps the connection open and says nothing. */
        SILENT
    }

    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    FakeUpstream(Fault fault) throws IOException {
        Thread accepting = new Thread(() -> serve(fault), "fake-upstream-" + fault);
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void serve(Fault fault) {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                readHead(socket.getInputStream());
                switch (fault) {
                    case GARBAGE -> {
                        OutputStream out = socket.getOutputStream();
                        out.write("THIS IS NOT HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        socket.close();
                    }
                    case HANG_UP -> socket.close();
                    case SILENT -> held.add(socket);
                }
            } catch (IOException e) {
                // closed, or the proxy gave up: next one
            }
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
