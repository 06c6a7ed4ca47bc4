package dev.twistlet.launcher;

import dev.twistlet.web.servlet.ConnectionWatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices HTTP/1.1 clients that close their connection while a response is held open.
 * Jetty does not read a connection while a request is being handled, so it learns of a
 * close only at the next write. This watcher registers the connection's socket with a
 * selector of its own (a channel may belong to several selectors) and, when it becomes
 * readable with nothing to read, reports the end of stream. Readable with bytes waiting (a
 * pipelined request) ends the watch without reading them, so Jetty still gets every byte.
 * Connections that are not plain TCP sockets (TLS, HTTP/2 streams, Unix sockets) are left to
 * Jetty, which reports their resets itself.
 *
 * <p>A watch starts only once a response has been held for {@value #GRACE_MILLIS} ms: most
 * held responses (a proxied or servlet answer) end sooner, and for them watching would cost
 * two selector wake-ups and registrations for nothing. So a client that leaves is noticed
 * within about a third of a second, and short requests pay no system call for it.
 */
final class JettyConnectionWatcher implements ConnectionWatcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JettyConnectionWatcher.class);

    private final Selector selector;
    /** How long a response is held before its connection is watched. */
    static final long GRACE_MILLIS = 200;

    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final Queue<Entry> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final Executor callbacks;
    private volatile boolean running = true;

    /**
     * @param callbacks where disconnect callbacks run (they take the request's lock and run
     *                  user code, so never on the selector thread)
     * @throws IOException when no selector can be opened
     */
    JettyConnectionWatcher(Executor callbacks) throws IOException {
        this.callbacks = callbacks;
        selector = Selector.open();
        thread = new Thread(this::run, "twistlet-connection-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Watch watch(HttpServletRequest request, Runnable onClosed) {
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
        SocketChannel channel = socketOf(request, core);
        if (channel == null) {
            return () -> { };
        }
        Entry entry = new Entry(channel, onClosed, System.nanoTime() + GRACE_MILLIS * 1_000_000);
        pending.add(entry);
        return entry::cancel;
    }

    private static SocketChannel socketOf(HttpServletRequest request, ServletContextRequest core) {
        if (core == null || !"HTTP/1.1".equals(request.getProtocol()) && !"HTTP/1.0".equals(request.getProtocol())) {
            return null;
        }
        EndPoint endPoint = core.getConnectionMetaData().getConnection().getEndPoint();
        // Unix-domain channels cannot say how many bytes wait (no socket() to ask), so they are
        // left to Jetty, as TLS is.
        return endPoint.getTransport() instanceof SocketChannel channel
                && endPoint.getRemoteSocketAddress() instanceof java.net.InetSocketAddress ? channel : null;
    }

    private void run() {
        while (running) {
            try {
                selector.select(GRACE_MILLIS / 2);
                long now = System.nanoTime();
                for (Entry due; (due = pending.peek()) != null && (due.done.get() || now - due.due >= 0); ) {
                    pending.poll();
                    due.register();
                }
                for (Runnable change; (change = changes.poll()) != null; ) {
                    try {
                        change.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Connection watcher could not apply a change", e);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    key.cancel();
                    ((Entry) key.attachment()).readable();
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Connection watcher hiccup", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }

    /** One watched connection. */
    private final class Entry {
        private final SocketChannel channel;
        private final Runnable onClosed;
        private final AtomicBoolean done = new AtomicBoolean();
        private final long due;
        private volatile SelectionKey key;

        Entry(SocketChannel channel, Runnable onClosed, long due) {
            this.channel = channel;
            this.onClosed = onClosed;
            this.due = due;
        }

        /** On the selector thread. */
        void register() {
            if (done.get()) {
                return;
            }
            try {
                SelectionKey stale = channel.keyFor(selector);
                if (stale != null && !stale.isValid()) {
                    // The previous request on this keep-alive connection was watched too; its
                    // cancelled key goes away only at the next selection.
                    selector.selectNow();
                }
                key = channel.register(selector, SelectionKey.OP_READ, this);
            } catch (ClosedChannelException e) {
                closed();
            } catch (IOException e) {
                LOG.warn("Connection watcher could not watch {}", channel, e);
                done.set(true);
            }
        }

        /** On the selector thread: readable means closed, unless bytes are waiting. */
        void readable() {
            boolean eof;
            try {
                eof = channel.socket().getInputStream().available() == 0;
            } catch (IOException e) {
                eof = true;
            }
            if (eof) {
                closed();
            } else {
                done.set(true);
            }
        }

        private void closed() {
            if (done.compareAndSet(false, true)) {
                callbacks.execute(() -> {
                    try {
                        onClosed.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Disconnect callback failed", e);
                    }
                });
            }
        }

        /** From any thread; a watch that never started costs nothing to cancel. */
        void cancel() {
            if (done.compareAndSet(false, true) && key != null) {
                changes.add(() -> key.cancel());
                selector.wakeup();
            }
        }
    }
}
