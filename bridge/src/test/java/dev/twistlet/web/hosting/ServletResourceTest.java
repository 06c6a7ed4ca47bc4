package dev.twistlet.web.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Foreign servlets mounted in a resource tree, over HTTP: a Jersey application and a
 * legacy HttpServlet, in a web application served under a context path and mapping.
 */
class ServletResourceTest {
    static JettyFixture jetty;
    static Site site;
    static ThreadPoolExecutor apiPool = ServletResource.pool("api", 4, 16);
    static ThreadPoolExecutor legacyPool = ServletResource.pool("legacy", 4, 16);
    static ThreadPoolExecutor slowPool = ServletResource.pool("slow", 2, 2);
    static CountDownLatch slowGate = new CountDownLatch(1);
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new java.net.CookieManager()).build();

    /** Holds every request until the test opens the gate. */
    public static class SlowServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                slowGate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().print("slow done");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Resource root = new Resource();
        root.putChild("api", new ServletResource(
                new ServletContainer(new ResourceConfig(HelloApi.class).register(JacksonFeature.class)), apiPool));
        root.putChild("legacy", new ServletResource(LegacyServlet.class, Map.of("greeting", "Hi"), legacyPool));
        root.putChild("slow", new ServletResource(new SlowServlet(), slowPool));
        root.putChild("tree", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.getSession().setAttribute("from-tree", "set by a resource");
                return "tree sees cart=" + request.getSession().getAttribute("cart") + " on " + Thread.currentThread().getName();
            }
        });
        site = new Site(root);
        jetty = JettyFixture.webApp(site, "/ctx", "/app/*", Map.of("site", "the context's own parameter"));
    }

    @AfterAll
    static void stop() throws Exception {
        slowGate.countDown();
        jetty.close();
        apiPool.shutdown();
        legacyPool.shutdown();
        slowPool.shutdown();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(jetty.uri(path)).timeout(java.time.Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jerseyServesItsResourcesBelowTheMountPoint() throws Exception {
        HttpResponse<String> hello = get("/ctx/app/api/hello");
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello from Jersey");
        HttpResponse<String> json = get("/ctx/app/api/hello/Ada");
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.body()).isEqualTo("{\"name\":\"Ada\",\"text\":\"Hello, Ada!\"}");
        HttpResponse<String> posted = CLIENT.send(HttpRequest.newBuilder(jetty.uri("/ctx/app/api/hello"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bo\",\"text\":\"quiet\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.body()).isEqualTo("{\"name\":\"Bo\",\"text\":\"QUIET\"}");
        assertThat(get("/ctx/app/api/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void jerseysBaseUriIsTheMountPoint() throws Exception {
        assertThat(get("/ctx/app/api/hello/base/uri").body()).isEqualTo("http://127.0.0.1:" + jetty.port() + "/ctx/app/api/");
    }

    @Test
    void aSuspendedJerseyMethodIsResumedFromAnotherThread() throws Exception {
        HttpResponse<String> r = get("/ctx/app/api/hello/async/later");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("resumed on jersey-resumer");
    }

    @Test
    void theServletSeesItsMountPointAsContextAndThePostpathAsPathInfo() throws Exception {
        HttpResponse<String> r = get("/ctx/app/legacy/hello?x=1");
        assertThat(r.body()).isEqualTo("greeting=Hi site=the context's own parameter contextPath=/ctx/app/legacy servletPath="
                + " pathInfo=/hello uri=/ctx/app/legacy/hello query=x=1 from=null type=REQUEST");
    }

    @Test
    void itRunsOnItsPoolNotOnAContainerThread() throws Exception {
        assertThat(get("/ctx/app/legacy/async").body()).startsWith("async done on legacy-");
    }

    @Test
    void redirectsForwardsAndIncludesStayInsideTheServlet() throws Exception {
        HttpResponse<String> redirect = get("/ctx/app/legacy/redirect");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ctx/app/legacy/hello"));
        assertThat(get("/ctx/app/legacy/forward").body()).isEqualTo("greeting=Hi site=the context's own parameter "
                + "contextPath=/ctx/app/legacy servletPath= pathInfo=/hello uri=/ctx/app/legacy/hello query=from=forward "
                + "from=forward type=FORWARD");
        assertThat(get("/ctx/app/legacy/include").body()).isEqualTo("before|greeting=Hi site=the context's own parameter "
                + "contextPath=/ctx/app/legacy servletPath= pathInfo=/include uri=/ctx/app/legacy/include query=null "
                + "from=include type=INCLUDE|after");
    }

    @Test
    void theSessionIsSharedWithTheResourceTree() throws Exception {
        assertThat(get("/ctx/app/legacy/session").body()).startsWith("stored in ");
        assertThat(get("/ctx/app/tree").body()).startsWith("tree sees cart=3 apples on ");
        assertThat(get("/ctx/app/legacy/read-session").body()).isEqualTo("component=set by a resource");
    }

    @Test
    void sendErrorAndExceptionsAnswerWithPagesAndLeaveThePoolWhole() throws Exception {
        HttpResponse<String> missing = get("/ctx/app/legacy/missing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("No such page here");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> boom = get("/ctx/app/legacy/boom");
            assertThat(boom.statusCode()).isEqualTo(500);
            assertThat(boom.body()).doesNotContain("boom from the legacy servlet");
        }
        assertThat(get("/ctx/app/legacy/hello").statusCode()).isEqualTo(200);
        assertThat(legacyPool.getPoolSize()).isLessThanOrEqualTo(4);
    }

    @Test
    void flushBufferStreamsWhatWasWritten() throws Exception {
        LegacyServlet.streamGate = new CountDownLatch(1);
        try (Socket socket = jetty.rawRequest("GET /ctx/app/legacy/stream HTTP/1.1")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String line;
            while (!(line = in.readLine()).contains("part one;")) {
                assertThat(line).doesNotContain("part two");
            }
            LegacyServlet.streamGate.countDown();
            while (!(line = in.readLine()).contains("part two")) {
                assertThat(line).isNotNull();
            }
        }
    }

    @Test
    void aFullPoolRefusesAtOnceWhileTheTreeStillAnswers() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        HttpClient parallel = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 4; i++) {
            held.add(parallel.sendAsync(HttpRequest.newBuilder(jetty.uri("/ctx/app/slow")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 400 && !(slowPool.getActiveCount() == 2 && slowPool.getQueue().size() == 2); i++) {
            Thread.sleep(10);
        }
        assertThat(slowPool.getActiveCount()).isEqualTo(2);
        assertThat(slowPool.getQueue()).hasSize(2);

        long started = System.nanoTime();
        HttpResponse<String> refused = get("/ctx/app/slow");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(tookMillis).as("refused at once, not after the held requests").isLessThan(5_000);
        assertThat(get("/ctx/app/tree").statusCode()).as("the container still answers the tree").isEqualTo(200);

        slowGate.countDown();
        for (var response : held) {
            assertThat(response.get(20, TimeUnit.SECONDS).body()).isEqualTo("slow done");
        }
    }
}
