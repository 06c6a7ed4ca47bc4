package dev.twistlet.web.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link WebSocketTransport} on a Jakarta WebSocket {@link Session}: one message in
 * flight on the async remote at a time (the API allows no more), the rest queued here, and a
 * close that waits for the queue.
 */
final class SessionTransport implements WebSocketTransport {
    private final Session session;
    private final long writeBufferLimit;
    private final Queue<Outgoing> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean starting;
    private boolean completedWhileStarting;
    private long buffered;
    private Integer closeWhenDrained;
    private boolean closed;

    /** A message waiting to be written, with its stage. */
    private record Outgoing(String text, byte[] bytes, long size, CompletableFuture<Void> done) {
    }

    SessionTransport(Session session, long writeBufferLimit) {
        this.session = session;
        this.writeBufferLimit = writeBufferLimit;
    }

    @Override
    public CompletionStage<Void> sendTextMessage(String text) {
        return enqueue(new Outgoing(text, null, text.getBytes(StandardCharsets.UTF_8).length, new CompletableFuture<>()));
    }

    @Override
    public CompletionStage<Void> sendBytesMessage(byte[] data) {
        return enqueue(new Outgoing(null, data, data.length, new CompletableFuture<>()));
    }

    private CompletionStage<Void> enqueue(Outgoing message) {
        synchronized (this) {
            if (closed || closeWhenDrained != null) {
                message.done.completeExceptionally(new ClosedChannelException());
                return message.done;
            }
            queue.add(message);
            buffered += message.size;
            if (sending) {
                return message.done;
            }
            sending = true;
        }
        sendNext();
        return message.done;
    }

    /**
     * Writes the queue one message at a time. A send that completes while it is being started
     * (inline, or at once on another thread) lets this loop go on, rather than recursing.
     */
    private void sendNext() {
        while (true) {
            Outgoing next;
            Integer close = null;
            synchronized (this) {
                next = queue.peek();
                if (next == null) {
                    sending = false;
                    close = closeWhenDrained;
                } else {
                    starting = true;
                    completedWhileStarting = false;
                }
            }
            if (next == null) {
                if (close != null) {
                    closeNow(close);
                }
                return;
            }
            start(next);
            synchronized (this) {
                starting = false;
                if (!completedWhileStarting) {
                    return;
                }
            }
        }
    }

    private void start(Outgoing next) {
        try {
            if (next.text != null) {
                session.getAsyncRemote().sendText(next.text, result -> written(next, result));
            } else {
                session.getAsyncRemote().sendBinary(ByteBuffer.wrap(next.bytes), result -> written(next, result));
            }
        } catch (RuntimeException e) {
            written(next, new SendResult(e));
        }
    }

    private void written(Outgoing message, SendResult result) {
        boolean loopGoesOn;
        synchronized (this) {
            if (queue.remove(message)) {
                buffered -= message.size;
            }
            loopGoesOn = starting;
            if (starting) {
                completedWhileStarting = true;
            }
        }
        if (result.isOK()) {
            message.done.complete(null);
        } else {
            message.done.completeExceptionally(result.getException());
        }
        if (!loopGoesOn) {
            sendNext();
        }
    }

    @Override
    public void ping(byte[] payload) {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.wrap(payload));
        } catch (IOException | RuntimeException e) {
            // the connection is going away; connectionLost tells the protocol
        }
    }

    @Override
    public void loseConnection(int code) {
        synchronized (this) {
            if (closed || closeWhenDrained != null) {
                return;
            }
            closeWhenDrained = code;
            if (sending) {
                return;
            }
        }
        closeNow(code);
    }

    private void closeNow(int code) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), ""));
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }

    /** Called once the connection is closed: what was still queued fails. */
    void closed(Throwable reason) {
        Queue<Outgoing> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayDeque<>(queue);
            queue.clear();
            buffered = 0;
        }
        for (Outgoing message : dropped) {
            message.done.completeExceptionally(reason);
        }
    }

    @Override
    public synchronized long bufferedAmount() {
        return buffered;
    }

    @Override
    public synchronized boolean isWritable() {
        return !closed && closeWhenDrained == null && buffered < writeBufferLimit;
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed && closeWhenDrained == null && session.isOpen();
    }
}
