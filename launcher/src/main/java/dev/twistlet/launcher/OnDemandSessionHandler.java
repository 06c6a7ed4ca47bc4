package dev.twistlet.launcher;

import jakarta.servlet.SessionTrackingMode;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.session.AbstractSessionManager.RequestedSession;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's session handler, paid for only by requests that have a session. Jetty's own looks
 * up a session and wraps the response stream on every request, and that wrapper enters the
 * context twice per response to save and release a session that is usually not there. Here
 * a request without a {@code Cookie} header goes straight to the context; if the tree then
 * creates a session, the wrapper is added at that moment, so the new session is saved and
 * released as the response ends, as with Jetty's handler. Requests with cookies take Jetty's
 * path unchanged.
 *
 * <p>Sessions are tracked by cookie only, as in Twisted: an id in the URL
 * ({@code ;jsessionid=}) is never looked at, so it cannot be used to fix a victim's session.
 */
public final class OnDemandSessionHandler extends SessionHandler {
    /** A handler tracking sessions by cookie only, with Jetty's defaults otherwise. */
    public OnDemandSessionHandler() {
        setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        ServletContextRequest servlet = Request.as(request, ServletContextRequest.class);
        if (next == null || servlet == null || presentsCookies(request)) {
            return super.handle(request, response, callback);
        }
        servlet.setRequestedSession(RequestedSession.NO_REQUESTED_SESSION);
        return next.handle(request, response, callback);
    }

    @Override
    public void newSession(Request request, String requestedSessionId, Consumer<ManagedSession> consumer) {
        super.newSession(request, requestedSessionId, consumer);
        if (!presentsCookies(request)) {
            // handle() skipped the wrapper that releases the session at the response's end.
            addSessionStreamWrapper(request);
        }
    }

    private static boolean presentsCookies(Request request) {
        return request.getHeaders().contains(HttpHeader.COOKIE);
    }
}
