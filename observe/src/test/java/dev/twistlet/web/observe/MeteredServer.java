package dev.twistlet.web.observe;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.TwistletServlet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * A site on embedded Jetty as the launcher serves it (a servlet context with sessions, below
 * a graceful handler), measured by {@link LauncherMetrics}; with a client and the scrape.
 */
final class MeteredServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Site site;
    private final LauncherMetrics metrics;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    MeteredServer(IResource root) throws Exception {
        this.site = new Site(root);
        connector.setHost("127.0.0.1");
        connector.setName("test");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        ServletHolder holder = new ServletHolder(new TwistletServlet(site));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(new GracefulHandler(context));
        metrics = LauncherMetrics.install(server, context, site);
        server.start();
    }

    Site site() {
        return site;
    }

    LauncherMetrics metrics() {
        return metrics;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    HttpClient client() {
        return client;
    }

    /** Sends a request without a body and reads the whole answer. */
    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** @return the scrape, parsed by the Prometheus client's own parser */
    Scrape scrape() throws Exception {
        return Scrape.parse(metrics.scrape());
    }

    /**
     * Scrapes until {@code done} holds (a request is recorded as its response completes,
     * which may be just after the client has read it), at most 10 s.
     */
    Scrape awaitScrape(Predicate<Scrape> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Scrape scrape = scrape();
        while (!done.test(scrape) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            scrape = scrape();
        }
        return scrape;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        } finally {
            site.close();
            metrics.close();
        }
    }
}
