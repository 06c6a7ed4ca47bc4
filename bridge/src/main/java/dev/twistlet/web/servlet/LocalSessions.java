package dev.twistlet.web.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this JVM keeps for sessions beside their attributes, by session id: the
 * {@code notifyOnExpire} callbacks and the session's lock. Neither can be serialised, and a
 * session store may hand the same session to every request as a new object (a shared store
 * reads it afresh each time), so they cannot live in the session itself.
 *
 * <p>A session's entry goes, and its callbacks run, once, when this JVM's container ends the
 * session ({@link SessionState} is unbound). When sessions are shared by several servers,
 * another server may end it instead; so there an entry unseen for its whole timeout and a
 * grace period is dropped without running its callbacks.
 */
final class LocalSessions {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSessions.class);
    private static final String ATTRIBUTE = LocalSessions.class.getName();
    /** Past a session's timeout, how long another server has to end it before this one forgets it. */
    private static final long GRACE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long SWEEP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, Local> byId = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());
    private final boolean shared;

    /** One session's callbacks and lock, and when this JVM last saw it. */
    private static final class Local {
        final List<Runnable> onExpire = new CopyOnWriteArrayList<>();
        final ReentrantLock lock = new ReentrantLock();
        volatile long seenNanos = System.nanoTime();
        volatile long timeoutNanos;
    }

    private LocalSessions(boolean shared) {
        this.shared = shared;
    }

    /** @return the context's registry, made on first use */
    static LocalSessions of(ServletContext context) {
        Object found = context.getAttribute(ATTRIBUTE);
        if (found instanceof LocalSessions sessions) {
            return sessions;
        }
        synchronized (LocalSessions.class) {
            found = context.getAttribute(ATTRIBUTE);
            if (found instanceof LocalSessions sessions) {
                return sessions;
            }
            LocalSessions made = new LocalSessions(context.getAttribute(SessionStoreStatus.ATTRIBUTE) != null);
            context.setAttribute(ATTRIBUTE, made);
            return made;
        }
    }

    void notifyOnExpire(HttpSession session, Runnable callback) {
        local(session).onExpire.add(callback);
    }

    ReentrantLock lock(HttpSession session) {
        return local(session).lock;
    }

    /** A request presented {@code session}: its entry, if any, is fresh again. */
    void seen(HttpSession session) {
        Local local = byId.get(session.getId());
        if (local != null) {
            touch(local, session);
        }
        if (shared) {
            sweepNowAndThen();
        }
    }

    /** The session's id changed ({@code rotate()}): its entry follows. */
    void renamed(String before, String now) {
        Local local = byId.remove(before);
        if (local != null) {
            byId.put(now, local);
        }
    }

    /** This JVM's container ended the session: its callbacks run, once. */
    void ended(String id) {
        Local local = byId.remove(id);
        if (local == null) {
            return;
        }
        for (Runnable callback : local.onExpire) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("A session expiry callback failed", e);
            }
        }
    }

    private Local local(HttpSession session) {
        Local local = byId.computeIfAbsent(session.getId(), id -> new Local());
        touch(local, session);
        return local;
    }

    private static void touch(Local local, HttpSession session) {
        local.seenNanos = System.nanoTime();
        int seconds = session.getMaxInactiveInterval();
        local.timeoutNanos = seconds <= 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(seconds);
    }

    private void sweepNowAndThen() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        byId.values().removeIf(local -> local.timeoutNanos != Long.MAX_VALUE
                && now - local.seenNanos > local.timeoutNanos + GRACE_NANOS);
    }
}
