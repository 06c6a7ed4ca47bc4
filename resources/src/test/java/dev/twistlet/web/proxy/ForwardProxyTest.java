package dev.twistlet.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The forward ProxyResource as clients use one: java.net.http's proxy selector and curl -x. */
class ForwardProxyTest {
    static Upstream upstream;
    static JettyFixture proxy;
    static JettyFixture allowList;
    static JettyFixture nobody;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        proxy = JettyFixture.serve(new Site(new ProxyResource()));
        allowList = JettyFixture.serve(new Site(new ProxyResource(ProxyOptions.DEFAULTS.withDestinations("only.example"))));
        nobody = JettyFixture.serve(new Site(new ProxyResource(ProxyOptions.DEFAULTS.withClients(address -> false))));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        allowList.close();
        nobody.close();
        upstream.close();
    }

    static HttpResponse<String> through(JettyFixture via, String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", via.port()))).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String target(String path) {
        return "http://127.0.0.1:" + upstream.port() + path;
    }

    @Test
    void javaNetHttpWithAProxySelectorReachesTheDestination() throws Exception {
        HttpResponse<String> r = through(proxy, target("/echo/page?q=1"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("GET /echo/page?q=1\n").contains("host: 127.0.0.1:" + upstream.port() + "\n")
                .containsPattern("via: 1\\.1 twistlet-[0-9a-f]{8}\n");
        assertThat(through(proxy, target("/teapot")).statusCode()).isEqualTo(418);
    }

    @Test
    void curlWithDashXReachesTheDestination() throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-x", "http://127.0.0.1:" + proxy.port(), target("/echo/curl"))
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).isZero();
        assertThat(out).startsWith("GET /echo/curl\n").contains("user-agent: curl/");
    }

    @Test
    void destinationsOutsideTheAllowListAreRefused() throws Exception {
        HttpResponse<String> r = through(allowList, target("/echo"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("does not go to 127.0.0.1");
    }

    @Test
    void clientsOutsideTheAllowedOnesAreRefused() throws Exception {
        assertThat(through(nobody, target("/echo")).statusCode()).isEqualTo(403);
    }

    @Test
    void connectIsNotATunnelHere() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("CONNECT 127.0.0.1:" + upstream.port() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + upstream.port() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String head = JettyFixture.readUntil(socket.getInputStream(), "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 405").contains("Allow: GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
        }
    }

    @Test
    void aRequestAimedAtTheProxyItselfDoesNotLoop() throws Exception {
        HttpResponse<String> r = proxy.get("/echo");
        assertThat(r.statusCode()).isEqualTo(508);
    }
}
