package dev.twistlet.web.servlet;

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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices HTTP/1.x clients that close their connection while a response is held open.
 * Containers do not read a connection while a request is being handled (Jetty, and Tomcat
 * in async mode), so they learn of a close only at the next write. This watcher registers
 * the connection's socket, as its finder finds it, with a selector of its own (a channel
 * may belong to several selectors) and, when it becomes readable with nothing to read,
 * reports the end of stream. Readable with bytes waiting (a pipelined request) ends the
 * watch without reading them, so the container still gets every byte. Connections whose
 * socket is not found (TLS on some containers, HTTP/2 streams, Unix sockets, an unknown
 * container) are left to the container, which reports a failure at the next write.
 *
 * <p>The finder is a {@code Function<HttpServletRequest, SocketChannel>}. Code that embeds
 * a container passes one written against that container's API, so that a change in the
 * container breaks its build rather than the feature (the launcher does so for Jetty 12);
 * {@link #SocketWatcher(Executor)} uses a reflective lookup that knows Jetty 12 and
 * Tomcat 10/11, for a WAR, and logs once per request class it cannot see into.
 *
 * <p>A watch starts only once a response has been held for {@value #GRACE_MILLIS} ms: most
 * held responses (a proxied or servlet answer) end sooner, and for them watching would cost
 * two selector wake-ups and registrations for nothing. So a client that leaves is noticed
 * within about a third of a second, and short requests pay no system call for it.
 */
public final class SocketWatcher implements ConnectionWatcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketWatcher.class);

    private final Selector selector;
    /** How long a response is held before its connection is watched. */
    static final long GRACE_MILLIS = 200;

    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final Queue<Entry> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final Executor callbacks;
    private final Function<HttpServletRequest, SocketChannel> sockets;
    private volatile boolean running = true;

    /**
     * Watches the sockets a reflective lookup finds in Jetty 12 and Tomcat 10/11, for a WAR
     * whose container is not known in advance.
     *
     * @param callbacks where disconnect callbacks run (they take the request's lock and run
     *                  user code, so never on the selector thread)
     * @throws IOException when no selector can be opened
     */
    public SocketWatcher(Executor callbacks) throws IOException {
        this(callbacks, ContainerSockets::of);
    }

    /**
     * Watches the sockets {@code sockets} finds.
     *
     * <p>The finder is called on the thread that holds a response open, while the container
     * still serves the request, with the container's own request object, as
     * {@link TwistletServlet} received it. It returns the TCP connection's channel, or
     * {@code null} to leave the connection unwatched: give {@code null} for anything but
     * HTTP/1.x, whose connection carries one request at a time. The channel must be the
     * one the client's bytes arrive on, non-blocking, as a container's are; the watcher
     * registers it with a selector of its own and never reads from it. Bytes waiting end a
     * watch unreported (they are taken for a pipelined request), so over TLS, where a
     * client's close is preceded by a {@code close_notify} record, only a close without one
     * would be noticed. A finder that throws leaves the connection unwatched.
     *
     * @param callbacks where disconnect callbacks run (they take the request's lock and run
     *                  user code, so never on the selector thread)
     * @param sockets   finds a request's socket, or gives {@code null} for one not to watch
     * @throws IOException when no selector can be opened
     */
    public SocketWatcher(Executor callbacks, Function<HttpServletRequest, SocketChannel> sockets) throws IOException {
        this.callbacks = callbacks;
        this.sockets = sockets;
        selector = Selector.open();
        thread = new Thread(this::run, "twistlet-connection-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Watch watch(HttpServletRequest request, Runnable onClosed) {
        SocketChannel channel;
        try {
            channel = sockets.apply(request);
        } catch (RuntimeException e) {
            LOG.warn("Connection watcher's socket finder failed; the connection is not watched", e);
            channel = null;
        }
        if (channel == null) {
            return () -> { };
        }
        Entry entry = new Entry(channel, onClosed, System.nanoTime() + GRACE_MILLIS * 1_000_000);
        pending.add(entry);
        return entry::cancel;
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

    /** Stops the selector thread; watches still pending end silently. */
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
