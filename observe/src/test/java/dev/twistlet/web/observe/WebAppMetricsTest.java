package dev.twistlet.web.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.servlet.RootFactory;
import dev.twistlet.web.servlet.TwistletServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A web application as {@code web.xml} declares it, on Jetty 12 over a real socket: the
 * {@link MetricsListener}, the {@link RequestMetricsFilter}, and a root factory that mounts
 * {@link MetricsResource} and {@link HealthResource}.
 */
class WebAppMetricsTest {
    static final AtomicBoolean DATABASE_UP = new AtomicBoolean(true);
    static final CompletableFuture<Request> HOLDING = new CompletableFuture<>();
    static Server server;
    static HttpClient client = HttpClient.newHttpClient();

    /** The application's tree, as its {@code rootFactory} init-param names it. */
    public static final class Root implements RootFactory {
        @Override
        public IResource createRoot(ServletConfig config) {
            Resource root = new Resource();
            root.putChild("hello", new Resource() {
                @Override
                public Object renderGet(Request request) {
                    return "hello";
                }
            });
            root.putChild("hold", new Resource() {
                @Override
                public Object renderGet(Request request) {
                    HOLDING.complete(request);
                    return NOT_DONE_YET;
                }
            });
            root.putChild("metrics", new MetricsResource(MetricsListener.of(config.getServletContext())));
            root.putChild("health", new HealthResource()
                    .addCheck("database", DATABASE_UP::get)
                    .addCheck("cache \"hot\"", () -> true));
            root.putChild("broken-health", new HealthResource().addCheck("thrower", () -> {
                throw new IllegalStateException("no answer");
            }));
            return root;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.addEventListener(new MetricsListener());
        FilterHolder filter = new FilterHolder(RequestMetricsFilter.class);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder servlet = new ServletHolder(TwistletServlet.class);
        servlet.setInitParameter(TwistletServlet.ROOT_FACTORY, Root.class.getName());
        servlet.setAsyncSupported(true);
        servlet.setInitOrder(1);
        context.addServlet(servlet, "/*");
        server.setHandler(context);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Scrape awaitScrape(java.util.function.Predicate<Scrape> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            HttpResponse<String> page = send("GET", "/metrics");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            Scrape scrape = Scrape.parse(page.body());
            if (done.test(scrape) || System.nanoTime() > deadline) {
                return scrape;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theFilterTimesRequestsAndTheListenerGivesTheSiteItsMonitor() throws Exception {
        assertThat(send("GET", "/hello").body()).isEqualTo("hello");
        assertThat(send("GET", "/nowhere").statusCode()).isEqualTo(404);
        CompletableFuture<HttpResponse<String>> held = client.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/hold"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Request request = HOLDING.get(10, TimeUnit.SECONDS);
        // A request is counted as its response completes, which may be just after the client has read it.
        Scrape during = awaitScrape(s -> s.value("twistlet_responses_held") == 1
                && s.value("http_server_requests_seconds_count", "method", "GET", "status", "404", "outcome",
                        "CLIENT_ERROR") == 1);
        assertThat(during.value("twistlet_responses_held")).isEqualTo(1);
        assertThat(during.value("http_server_requests_seconds_count", "method", "GET", "status", "200",
                "outcome", "SUCCESS")).isGreaterThanOrEqualTo(1);
        assertThat(during.value("http_server_requests_seconds_count", "method", "GET", "status", "404",
                "outcome", "CLIENT_ERROR")).isEqualTo(1);

        request.write("late".getBytes(StandardCharsets.UTF_8));
        request.finish();
        assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("late");
        Scrape after = awaitScrape(s -> s.value("twistlet_responses_held") == 0);
        assertThat(after.value("twistlet_responses_held")).isZero();
    }

    @Test
    void theMetricsPageAnswersGetOnly() throws Exception {
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(send("HEAD", "/metrics").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics").headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void theHealthPageIsUpOrDownByItsChecks() throws Exception {
        DATABASE_UP.set(true);
        HttpResponse<String> up = send("GET", "/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[{\"name\":\"cache \\\"hot\\\"\",\"status\":\"UP\"},"
                + "{\"name\":\"database\",\"status\":\"UP\"}]}");

        DATABASE_UP.set(false);
        HttpResponse<String> down = send("GET", "/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"cache \\\"hot\\\"\",\"status\":\"UP\"},"
                + "{\"name\":\"database\",\"status\":\"DOWN\"}]}");

        HttpResponse<String> thrown = send("GET", "/broken-health");
        assertThat(thrown.statusCode()).isEqualTo(503);
        assertThat(thrown.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"thrower\",\"status\":\"DOWN\"}]}")
                .doesNotContain("no answer");
        assertThat(send("DELETE", "/health").statusCode()).isEqualTo(405);
    }
}
