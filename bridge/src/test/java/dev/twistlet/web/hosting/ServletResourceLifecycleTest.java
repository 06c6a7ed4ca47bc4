package dev.twistlet.web.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When a ServletResource's servlet is initialised and destroyed, and what it sees at its mount point itself. */
class ServletResourceLifecycleTest {
    static final AtomicInteger INITS = new AtomicInteger();
    static final AtomicInteger DESTROYS = new AtomicInteger();

    /** Counts its lifecycle calls and reports its path info. */
    public static class Counted extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            INITS.incrementAndGet();
        }

        @Override
        public void destroy() {
            DESTROYS.incrementAndGet();
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().print("name=" + getServletName() + " param=" + getInitParameter("p") + " pathInfo="
                    + req.getPathInfo() + " context=" + req.getContextPath());
        }
    }

    /** Fails to start. */
    public static class Broken extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void init(ServletConfig config) throws ServletException {
            throw new ServletException("cannot start");
        }
    }

    @Test
    void initOnceOnFirstUseAndDestroyWhenTheSiteCloses() throws Exception {
        ThreadPoolExecutor pool = ServletResource.pool("counted", 2, 4);
        Resource root = new Resource();
        root.putChild("s", new ServletResource(Counted.class, Map.of("p", "v"), pool));
        root.putChild("broken", new ServletResource(Broken.class, Map.of(), pool));
        try (JettyFixture jetty = JettyFixture.serve(new Site(root))) {
            assertThat(INITS).hasValue(0);
            assertThat(jetty.get("/s").body()).isEqualTo("name=Counted param=v pathInfo=null context=/s");
            assertThat(jetty.get("/s/").body()).isEqualTo("name=Counted param=v pathInfo=/ context=/s");
            assertThat(jetty.get("/s/a/b%20c").body()).isEqualTo("name=Counted param=v pathInfo=/a/b c context=/s");
            assertThat(INITS).hasValue(1);
            assertThat(DESTROYS).hasValue(0);
            assertThat(jetty.get("/broken").statusCode()).isEqualTo(500);
            assertThat(jetty.get("/broken").statusCode()).as("still failing, not retried into a half state").isEqualTo(500);
        } finally {
            pool.shutdown();
        }
        assertThat(DESTROYS).hasValue(1);
    }
}
