package dev.twistlet.web.servlet;

import dev.twistlet.web.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Session} over the container's {@code HttpSession}: each component is one session
 * attribute named after its type, and a {@link SessionState} attribute holds the expiry
 * callbacks and the lock.
 */
final class ServletSession implements Session {
    private static final String STATE = SessionState.class.getName();
    private static final String COMPONENT = "dev.twistlet.component:";

    private final HttpServletRequest request;
    private final HttpSession session;
    private final SessionState state;

    private ServletSession(HttpServletRequest request, HttpSession session, SessionState state) {
        this.request = request;
        this.session = session;
        this.state = state;
    }

    /**
     * @return the request's session, created when {@code create}; {@code null} when there is
     *         none and {@code create} is false
     */
    static ServletSession of(HttpServletRequest request, boolean create, Duration newTimeout) {
        HttpSession session = request.getSession(create);
        if (session == null) {
            return null;
        }
        SessionState state;
        // One state per session, even when its first requests race.
        synchronized (session) {
            state = (SessionState) session.getAttribute(STATE);
            if (state == null) {
                if (session.isNew()) {
                    session.setMaxInactiveInterval(seconds(newTimeout));
                }
                state = new SessionState();
                session.setAttribute(STATE, state);
            }
        }
        return new ServletSession(request, session, state);
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
        state.notifyOnExpire(callback);
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
        return type.cast(session.getAttribute(COMPONENT + type.getName()));
    }

    @Override
    public <T> void setComponent(Class<T> type, T component) {
        if (component == null) {
            session.removeAttribute(COMPONENT + type.getName());
        } else {
            session.setAttribute(COMPONENT + type.getName(), type.cast(component));
        }
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
        return request.changeSessionId();
    }

    @Override
    public Lock getLock() {
        return state.lock();
    }

    @Override
    public String toString() {
        return "Session[" + getUid() + "]";
    }
}
