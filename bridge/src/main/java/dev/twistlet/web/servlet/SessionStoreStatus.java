package dev.twistlet.web.servlet;

import dev.twistlet.web.SessionUnavailableException;

/**
 * Declares that this context's sessions live in a store shared by several servers (a
 * database), and tells whether that store can be reached. Whoever sets the store up (the
 * launcher's {@code --session-store}) puts one in the servlet context under
 * {@link #ATTRIBUTE} before the first request. With one present:
 *
 * <ul>
 * <li>{@code Request.getSession()} first calls {@link #check()}, so that a request that uses
 *     a session while the store is down is answered 503 instead of losing the session;
 * <li>{@code Session.setComponent} refuses a component that another server could not read
 *     back (not serialisable, or of a class only this server can load), naming the class;
 * <li>this server forgets {@code notifyOnExpire} callbacks of sessions it has not seen for
 *     their whole timeout, since another server may have ended them.
 * </ul>
 */
public interface SessionStoreStatus {

    /** Servlet-context attribute under which the status is found. */
    String ATTRIBUTE = SessionStoreStatus.class.getName();

    /**
     * Returns at once when the store answers; may try it again when it was down.
     *
     * @throws SessionUnavailableException when the store cannot be reached now
     */
    void check();
}
