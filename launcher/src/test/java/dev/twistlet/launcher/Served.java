package dev.twistlet.launcher;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A {@link WebServer} on a free loopback port for one test, with a client. */
final class Served implements AutoCloseable {
    private final WebServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Served(WebServer server) {
        this.server = server;
    }

    static Served site(Site site) throws Exception {
        return site(site, null);
    }

    static Served site(Site site, Duration idleTimeout) throws Exception {
        return site(site, idleTimeout, null);
    }

    static Served site(Site site, Duration idleTimeout, Duration sessionScavenge) throws Exception {
        return site(site, idleTimeout, sessionScavenge, server -> { });
    }

    static Served site(Site site, Duration idleTimeout, Duration sessionScavenge,
            java.util.function.Consumer<WebServer> beforeStart) throws Exception {
        WebServer server = new WebServer(site, List.of(Endpoint.parse("tcp:port=0:interface=127.0.0.1")));
        beforeStart.accept(server);
        if (idleTimeout != null) {
            server.setIdleTimeout(idleTimeout);
        }
        if (sessionScavenge != null) {
            server.setSessionScavengeInterval(sessionScavenge);
        }
        server.start();
        return new Served(server);
    }

    HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    WebServer server() {
        return server;
    }

    int port() {
        return server.getUrls().get(0).getPort();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    Socket rawRequest(String requestLine) throws IOException {
        return JettyFixture.rawRequest(port(), requestLine);
    }

    static String readUntil(InputStream in, String marker) throws IOException {
        return JettyFixture.readUntil(in, marker);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
