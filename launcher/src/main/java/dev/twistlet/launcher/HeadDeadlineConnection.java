package dev.twistlet.launcher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** Jetty's HTTP/1.1 connection with {@link HeadDeadlineFactory}'s deadline. */
final class HeadDeadlineConnection extends HttpConnection {
    private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 16\r\nConnection: close\r\n\r\nRequest Timeout\n").getBytes(StandardCharsets.US_ASCII);

    /** Guards the head's state between the thread parsing it and the idle timeout's. */
    private final Object lock = new Object();
    private final long deadlineNanos;
    /** When the head under way began ({@link System#nanoTime()}); meaningful while {@link #inHead}. */
    private long headBegan;
    private boolean inHead;
    /** When the last head was completed; read by the idle timeout's thread. */
    private volatile long headEnded = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private boolean expired;
    /** The idle timeout to give back once the head is whole. */
    private long idleTimeout;

    HeadDeadlineConnection(HttpConfiguration http, Connector connector, EndPoint endPoint, long deadlineNanos) {
        super(http, connector, endPoint);
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Jetty's parser, configured as Jetty configures it, that tells the connection after each
     * parse whether a head is under way. Called from Jetty's constructor, before this class's
     * fields are set; the parser reads them only when it parses.
     */
    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
        HttpParser stock = super.newHttpParser(compliance);
        HttpParser parser = new HttpParser((HttpParser.RequestHandler) stock.getHandler(),
                getHttpConfiguration().getRequestHeaderSize(), compliance) {
            @Override
            public boolean parseNext(ByteBuffer buffer) {
                if (!inHeaderState()) {
                    return super.parseNext(buffer);
                }
                synchronized (lock) {
                    if (expired) {
                        BufferUtil.clear(buffer);
                        return false;
                    }
                    int before = buffer.remaining();
                    boolean handle = super.parseNext(buffer);
                    parsed(this, buffer.remaining() != before);
                    return handle;
                }
            }
        };
        parser.setHeaderCacheSize(stock.getHeaderCacheSize());
        parser.setHeaderCacheCaseSensitive(stock.isHeaderCacheCaseSensitive());
        return parser;
    }

    /** Starts, shortens or ends the head's deadline after a parse; holds {@link #lock}. */
    private void parsed(HttpParser parser, boolean consumed) {
        EndPoint endPoint = getEndPoint();
        if (!parser.inHeaderState()) {
            if (inHead) {
                inHead = false;
                headEnded = System.nanoTime();
                endPoint.setIdleTimeout(idleTimeout);
            }
            return;
        }
        if (!inHead && !consumed && parser.isStart()) {
            return;
        }
        long now = System.nanoTime();
        if (!inHead) {
            inHead = true;
            headBegan = now;
            idleTimeout = endPoint.getIdleTimeout();
        }
        long left = TimeUnit.NANOSECONDS.toMillis(headBegan + deadlineNanos - now);
        // At 0 ms left the idle timeout's next check expires the head at once.
        endPoint.setIdleTimeout(Math.max(1, idleTimeout > 0 ? Math.min(idleTimeout, left) : left));
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        boolean expire;
        boolean again;
        synchronized (lock) {
            again = expired;
            expire = inHead && !expired;
            expired |= expire;
        }
        if (again) {
            // The 408 could not even be written within an idle period: Jetty closes.
            return super.onIdleExpired(timeout);
        }
        EndPoint endPoint = getEndPoint();
        if (expire) {
            endPoint.setIdleTimeout(idleTimeout > 0 ? idleTimeout : TimeUnit.SECONDS.toMillis(30));
            endPoint.write(Callback.from(() -> {
                endPoint.shutdownOutput();
                endPoint.close();
            }, endPoint::close), ByteBuffer.wrap(TIMEOUT));
            return false;
        }
        if (System.nanoTime() - headEnded < TimeUnit.MILLISECONDS.toNanos(endPoint.getIdleTimeout())) {
            // Meant for a head completed meanwhile, whose idle timeout was given back.
            return false;
        }
        return super.onIdleExpired(timeout);
    }
}
