package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.ManagedSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OnDemandSessionHandler} over real sockets: a session made by a request without
 * cookies is released as its response ends, as one made on Jetty's own path is (a session
 * left held would never expire nor be saved to a shared store); the next request that presents
 * its cookie finds it; an id in the URL is never taken.
 */
class OnDemandSessionHandlerTest {
    private static final Pattern SESSION_COOKIE = Pattern.compile("SID=([^;]+)");
    private LoopbackJetty server;
    private OnDemandSessionHandler sessions;
    private int port;

    /** Counts visits in the session; {@code ?create=no} only looks for one. */
    static final class Counter extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            HttpSession session = req.getSession(!"no".equals(req.getParameter("create")));
            String answer;
            if (session == null) {
                answer = "no session";
            } else {
                Integer count = (Integer) session.getAttribute("count");
                count = count == null ? 1 : count + 1;
                session.setAttribute("count", count);
                answer = "visit " + count;
            }
            resp.setContentType("text/plain");
            resp.getWriter().print(answer);
        }
    }

    @BeforeEach
    void start() throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        sessions = new OnDemandSessionHandler();
        sessions.setSessionCookie("SID");
        context.setSessionHandler(sessions);
        context.addServlet(new ServletHolder(new Counter()), "/*");
        server = new LoopbackJetty(context);
        port = server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aSessionMadeWithoutCookiesIsReleasedWhenItsResponseEndsAndFoundByItsCookie() throws Exception {
        RawHttp.Response first = get("/count", null);
        assertThat(first.body()).isEqualTo("visit 1");
        String id = sessionId(first);
        assertThat(released(id)).as("held by no request once its response has ended").isTrue();

        RawHttp.Response second = get("/count", "SID=" + id);
        assertThat(second.body()).isEqualTo("visit 2");
        assertThat(second.header("set-cookie")).as("the same session: no new cookie").isNull();
        assertThat(released(id)).isTrue();
    }

    @Test
    void aSessionMadeBesideOtherCookiesIsReleasedToo() throws Exception {
        RawHttp.Response response = get("/count", "theme=dark");
        assertThat(response.body()).isEqualTo("visit 1");
        assertThat(released(sessionId(response))).isTrue();
    }

    @Test
    void aRequestThatAsksForNoSessionGetsNone() throws Exception {
        RawHttp.Response response = get("/count?create=no", null);
        assertThat(response.body()).isEqualTo("no session");
        assertThat(response.header("set-cookie")).isNull();
    }

    @Test
    void anIdInTheUrlIsNeverTaken() throws Exception {
        String id = sessionId(get("/count", null));
        RawHttp.Response fixed = get("/count;jsessionid=" + id + "?create=no", null);
        assertThat(fixed.body()).isEqualTo("no session");
        RawHttp.Response named = get("/count;SID=" + id + "?create=no", null);
        assertThat(named.body()).isEqualTo("no session");
    }

    private RawHttp.Response get(String target, String cookie) throws IOException {
        RawHttp.Exchange exchange = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "Connection: close\r\n\r\n");
        assertThat(exchange.statuses()).containsExactly(200);
        return exchange.responses().get(0);
    }

    private static String sessionId(RawHttp.Response response) {
        Matcher cookie = SESSION_COOKIE.matcher(String.valueOf(response.header("set-cookie")));
        assertThat(cookie.find()).as("a session cookie in %s", response.headers()).isTrue();
        return cookie.group(1);
    }

    /** Whether no request holds the session, within 2 s: the release follows the response's last byte. */
    private boolean released(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            // A look that does not itself count as a use, as getManagedSession would.
            ManagedSession session = ((DefaultSessionCache) sessions.getSessionCache())
                    .doGet(sessions.getSessionIdManager().getId(id));
            if (session != null && session.getRequests() == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }
}
