package dev.twistlet.web.servlet;

import dev.twistlet.web.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Session} over the container's {@code HttpSession}: each component is one session
 * attribute named after its type, beside a {@link SessionState} marker whose unbinding runs
 * the expiry callbacks; callbacks and lock are this JVM's ({@link LocalSessions}).
 *
 * <p>Twisted's components are changed in place ({@code ICounter(session).increment()}),
 * never set again, but a session store writes a session only when an attribute was set. So
 * every component read during a request is set again, the same object, before the response
 * goes out ({@link #keepChanges}): a store that writes at commit then has the change before
 * the client can send its next request, to this server or another.
 */
final class ServletSession implements Session {
    private static final String STATE = SessionState.class.getName();
    private static final String COMPONENT = "dev.twistlet.component:";
    /** Request attribute: the names of the components read during the request. */
    private static final String READ = ServletSession.class.getName() + ".read";

    private final HttpServletRequest request;
    private final HttpSession session;
    private final SessionStoreStatus store;

    private ServletSession(HttpServletRequest request, HttpSession session, SessionStoreStatus store) {
        this.request = request;
        this.session = session;
        this.store = store;
    }

    /**
     * @return the request's session, created when {@code create}; {@code null} when there is
     *         none and {@code create} is false
     * @throws dev.twistlet.web.SessionUnavailableException when a shared session store is down
     */
    static ServletSession of(HttpServletRequest request, boolean create, Duration newTimeout) {
        SessionStoreStatus store = (SessionStoreStatus) request.getServletContext()
                .getAttribute(SessionStoreStatus.ATTRIBUTE);
        if (store != null) {
            store.check();
        }
        HttpSession session = request.getSession(create);
        if (session == null) {
            return null;
        }
        // One marker per session, even when its first requests race.
        synchronized (session) {
            if (session.getAttribute(STATE) == null) {
                if (session.isNew()) {
                    session.setMaxInactiveInterval(seconds(newTimeout));
                }
                session.setAttribute(STATE, new SessionState());
            }
        }
        LocalSessions.of(request.getServletContext()).seen(session);
        return new ServletSession(request, session, store);
    }

    /**
     * Sets every component read since the last call again, so that the session store sees
     * changes made in place. Where sessions are shared, a response not yet committed also
     * marks its session as changed, so that the store's write at commit, which reaches the
     * database before the client can ask another server, carries this request's access time
     * too, and no write is left for after the response (one that could overwrite a newer
     * session another server wrote meanwhile).
     *
     * @param request   the container's request
     * @param committed whether part of the response has gone out already
     */
    static void keepChanges(HttpServletRequest request, boolean committed) {
        @SuppressWarnings("unchecked")
        Set<String> read = (Set<String>) request.getAttribute(READ);
        boolean shared = request.getServletContext().getAttribute(SessionStoreStatus.ATTRIBUTE) != null;
        if (read == null && (committed || !shared)) {
            return;
        }
        if (read != null) {
            request.removeAttribute(READ);
        }
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        try {
            if (read != null) {
                for (String name : read) {
                    Object component = session.getAttribute(name);
                    if (component != null) {
                        session.setAttribute(name, component);
                    }
                }
            }
            Object marker = shared && !committed ? session.getAttribute(STATE) : null;
            if (marker != null) {
                session.setAttribute(STATE, marker);
            }
        } catch (IllegalStateException ended) {
            // expired meanwhile: nothing to keep
        }
    }

    private static int seconds(Duration timeout) {
        long s = timeout.toSeconds();
        return s <= 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, s);
    }

    @Override
    public String getUid() {
        return session.getId();
    }

    @Override
    public void expire() {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyGone) {
            // expired meanwhile: the callbacks have run
        }
    }

    @Override
    public void touch() {
        // The container counts a request that looks its session up as a use of it.
        request.getSession(false);
    }

    @Override
    public void notifyOnExpire(Runnable callback) {
        LocalSessions.of(request.getServletContext()).notifyOnExpire(session, callback);
    }

    @Override
    public Duration getSessionTimeout() {
        int s = session.getMaxInactiveInterval();
        return s <= 0 ? Duration.ZERO : Duration.ofSeconds(s);
    }

    @Override
    public void setSessionTimeout(Duration timeout) {
        session.setMaxInactiveInterval(seconds(timeout));
    }

    @Override
    public <T> T getComponent(Class<T> type) {
        String name = COMPONENT + type.getName();
        T component = type.cast(session.getAttribute(name));
        if (component != null) {
            remember(name);
        }
        return component;
    }

    private void remember(String name) {
        @SuppressWarnings("unchecked")
        Set<String> read = (Set<String>) request.getAttribute(READ);
        if (read == null) {
            read = new LinkedHashSet<>();
            request.setAttribute(READ, read);
        }
        read.add(name);
    }

    @Override
    public <T> void setComponent(Class<T> type, T component) {
        if (component == null) {
            session.removeAttribute(COMPONENT + type.getName());
            return;
        }
        if (store != null) {
            SharedComponents.requireReadableElsewhere(component, request.getServletContext().getClassLoader());
        }
        session.setAttribute(COMPONENT + type.getName(), type.cast(component));
    }

    @Override
    public Object getAttribute(String name) {
        return session.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        session.setAttribute(name, value);
    }

    @Override
    public String rotate() {
        String before = session.getId();
        String now = request.changeSessionId();
        LocalSessions.of(request.getServletContext()).renamed(before, now);
        return now;
    }

    @Override
    public Lock getLock() {
        return LocalSessions.of(request.getServletContext()).lock(session);
    }

    @Override
    public String toString() {
        return "Session[" + getUid() + "]";
    }
}
