package dev.twistlet.web;

import java.util.concurrent.locks.Lock;

/**
 * One browser's session, the counterpart of Twisted's {@code twisted.web.server.Session}.
 * {@link Request#getSession()} creates it on first use and returns the same session to every
 * later request from that browser.
 *
 * <p>It lives in the servlet container's {@code HttpSession}: ids, cookies, expiry,
 * persistence and clustering stay the container's. Components (Twisted's
 * {@code ICounter(session)} pattern) are stored as session attributes, so components that are
 * {@link java.io.Serializable} survive a container that persists sessions.
 *
 * <p>Better than Twisted: every request that presents a live session refreshes its timeout;
 * {@link #notifyOnExpire} callbacks run once, on {@link #expire()} and on timeout alike; an id a
 * client makes up never becomes a session's id; and {@link #rotate()} gives the session a new
 * id, for use after a login.
 */
public interface Session {

    /** @return the session's id, as sent in its cookie */
    String getUid();

    /** Ends the session now; its expiry callbacks run. */
    void expire();

    /** Marks the session as used now (every request presenting it does so already). */
    void touch();

    /**
     * @param callback run once when the session ends, by {@link #expire()} or by timeout; in
     *                 this JVM only (callbacks are not persisted with the session): where
     *                 several servers share sessions, it runs if this server is the one that
     *                 ends the session
     */
    void notifyOnExpire(Runnable callback);

    /** @return how long the session lives unused ({@link java.time.Duration#ZERO} for ever) */
    java.time.Duration getSessionTimeout();

    /** @param timeout how long the session lives unused, to the second; zero for ever */
    void setSessionTimeout(java.time.Duration timeout);

    /**
     * @param type the component's type, its key
     * @param <T>  that type
     * @return the component stored under {@code type}, or {@code null}
     */
    <T> T getComponent(Class<T> type);

    /**
     * Stores a component under its type, replacing any; {@code null} removes it. A component
     * read with {@link #getComponent} and changed in place need not be set again: it is kept
     * with the session at the end of the request, in a shared store too.
     *
     * @param type      the key
     * @param component the value
     * @param <T>       that type
     * @throws IllegalArgumentException where several servers share sessions, for a component
     *                                  another server could not read back (not serialisable,
     *                                  or of a class declared in a script), naming the class
     */
    <T> void setComponent(Class<T> type, T component);

    /**
     * Gives the session a new id, keeping its components and callbacks; call it after a
     * login, during a request of this session, to defeat session fixation.
     *
     * @return the new id
     */
    String rotate();

    /**
     * A named attribute: what servlets sharing the session (see {@code ServletResource})
     * store with {@code HttpSession.setAttribute}.
     *
     * @param name the attribute's name
     * @return its value, or {@code null}
     */
    Object getAttribute(String name);

    /**
     * @param name  the attribute's name
     * @param value its value, or {@code null} to remove it
     */
    void setAttribute(String name, Object value);

    /**
     * A lock shared by every request of this session in this JVM (not across servers that
     * share sessions), for read-modify-write
     * updates of components: {@code lock(); try { ... } finally { unlock(); }}.
     *
     * @return the session's lock
     */
    Lock getLock();
}
