package dev.twistlet.web.servlet;

import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;

/**
 * A marker attribute every Twistlet session carries: the container unbinds it when it ends
 * the session, by {@code invalidate()} or by timeout, which tells {@link LocalSessions} to
 * run the session's expiry callbacks. It holds nothing, so any session store can keep it.
 */
final class SessionState implements HttpSessionBindingListener, Serializable {
    private static final long serialVersionUID = 2L;

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        LocalSessions.of(event.getSession().getServletContext()).ended(event.getSession().getId());
    }
}
