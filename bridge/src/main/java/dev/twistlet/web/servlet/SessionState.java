package dev.twistlet.web.servlet;

import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link ServletSession} keeps beside the components, in one session attribute: the
 * expiry callbacks and the session's lock. The container unbinds the attribute when it
 * invalidates the session, by {@code invalidate()} or by timeout, which runs the callbacks,
 * once. Callbacks and lock are local to this JVM and are not serialised.
 */
final class SessionState implements HttpSessionBindingListener, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SessionState.class);

    private transient List<Runnable> onExpire;
    private transient AtomicBoolean expired;
    private transient ReentrantLock lock;

    SessionState() {
        init();
    }

    private void init() {
        onExpire = new CopyOnWriteArrayList<>();
        expired = new AtomicBoolean();
        lock = new ReentrantLock();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        init();
    }

    void notifyOnExpire(Runnable callback) {
        onExpire.add(callback);
    }

    ReentrantLock lock() {
        return lock;
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        if (!expired.compareAndSet(false, true)) {
            return;
        }
        for (Runnable callback : onExpire) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("A session expiry callback failed", e);
            }
        }
    }
}
