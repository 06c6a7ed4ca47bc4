package dev.twistlet.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ReverseProxyResource in front of a local upstream, over real sockets. */
class ReverseProxyTest {
    static Upstream upstream;
    static JettyFixture proxy;
    static JettyFixture seed;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        Resource root = new Resource();
        root.putChild("proxy", new ReverseProxyResource("127.0.0.1", upstream.port(), "/base"));
        root.putChild("rewrite", new ReverseProxyResource("http", "127.0.0.1", upstream.port(), "/base",
                ReverseProxyOptions.DEFAULTS.withRewriteRedirects(true)));
        root.putChild("keep-host", new ReverseProxyResource("http", "127.0.0.1", upstream.port(), "",
                ReverseProxyOptions.DEFAULTS.withPreserveHost(true).withXForwarded(false).withForwarded(false)));
        root.putChild("quick", new ReverseProxyResource("http", "127.0.0.1", upstream.port(), "",
                ReverseProxyOptions.DEFAULTS.withTimeout(Duration.ofSeconds(1))));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        root.putChild("refused", new ReverseProxyResource("127.0.0.1", closed, ""));
        proxy = JettyFixture.serve(new Site(root));
        // The seed's example, pointed at the local upstream instead of www.yahoo.com.
        seed = JettyFixture.serve(new Site(new ReverseProxyResource("127.0.0.1", upstream.port(), "")));
    }

    @AfterAll
    static void stop() throws Exception {
        Upstream.sseGate.countDown();
        proxy.close();
        seed.close();
        upstream.close();
    }

    /** A raw HTTP/1.1 exchange: the request text as given, the whole answer until the server closes. */
    static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theSeedsExampleProxiesTheWholeSite() throws Exception {
        HttpResponse<String> r = seed.get("/some/page?q=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("GET /some/page?q=1\n").contains("host: 127.0.0.1:" + upstream.port() + "\n");
        assertThat(seed.get("/").body()).startsWith("GET /\n");
    }

    @Test
    void thePostpathIsJoinedToThePathSegmentBySegmentWithTheQuery() throws Exception {
        String answer = raw(proxy.port(), "GET /proxy/a/b%2Fc/d%20e/%C3%A9?x=1&y=%20z HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(answer).contains("\r\n\r\nGET /base/a/b%2Fc/d%20e/%C3%A9?x=1&y=%20z\n");
    }

    @Test
    void dotSegmentsNeverStepOutOfTheProxiedPath() throws Exception {
        for (String path : new String[] {"/proxy/%2E%2E/secret", "/proxy/a/%2e%2e/%2e%2e/secret", "/proxy/./x"}) {
            String answer = raw(proxy.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(path).doesNotContain("GET /secret").doesNotContain("GET /base/../");
        }
    }

    @Test
    void requestHeadersFollowTheHopByHopAndForwardingRules() throws Exception {
        String answer = raw(proxy.port(), "GET /proxy/echo HTTP/1.1\r\nHost: front.example:8080\r\n"
                + "Connection: close, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Proxy-Authorization: Basic eDp5\r\nX-Multi: a\r\nX-Multi: b\r\nX-Forwarded-For: 10.0.0.1\r\n"
                + "Forwarded: for=10.0.0.1\r\n\r\n");
        String seen = answer.substring(answer.indexOf("\r\n\r\n") + 4).toLowerCase(java.util.Locale.ROOT);
        assertThat(seen).contains("host: 127.0.0.1:" + upstream.port() + "\n")
                .contains("x-multi: a\n").contains("x-multi: b\n")
                .contains("x-forwarded-for: 10.0.0.1, 127.0.0.1\n")
                .contains("x-forwarded-proto: http\n")
                .contains("x-forwarded-host: front.example:8080\n")
                .contains("forwarded: for=10.0.0.1, for=127.0.0.1;proto=http;host=\"front.example:8080\"\n")
                .doesNotContain("x-hop").doesNotContain("keep-alive: timeout").doesNotContain("te: trailers")
                .doesNotContain("proxy-authorization");
        String kept = raw(proxy.port(), "GET /keep-host/echo HTTP/1.1\r\nHost: front.example\r\nConnection: close\r\n\r\n");
        assertThat(kept.toLowerCase(java.util.Locale.ROOT)).contains("host: front.example\n").doesNotContain("x-forwarded")
                .doesNotContain("forwarded:");
    }

    @Test
    void responseStatusAndHeadersComeBackWithoutHopByHopOnes() throws Exception {
        HttpResponse<String> r = proxy.get("/proxy/teapot");
        assertThat(r.statusCode()).isEqualTo(418);
        assertThat(r.body()).isEqualTo("short and stout");
        assertThat(r.headers().firstValue("X-Up")).hasValue("1");
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(r.headers().firstValue("X-Up-Hop")).isEmpty();
    }

    @Test
    void cookiesAnUpstreamSetsAreNeverSentOnBehalfOfAnotherClient() throws Exception {
        assertThat(proxy.get("/proxy/teapot").headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        String stranger = raw(proxy.port(), "GET /proxy/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(stranger.toLowerCase(java.util.Locale.ROOT)).doesNotContain("cookie");
        String own = raw(proxy.port(), "GET /proxy/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: mine=1\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(own).contains("\ncookie: mine=1\n").doesNotContain("a=1");
    }

    @Test
    void redirectsAndCookiePathsAreRewrittenWhenAskedTo() throws Exception {
        HttpResponse<String> plain = proxy.get("/proxy/redirect");
        assertThat(plain.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + upstream.port() + "/base/target");
        HttpResponse<String> rewritten = proxy.get("/rewrite/redirect");
        assertThat(rewritten.statusCode()).isEqualTo(302);
        assertThat(rewritten.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + proxy.port() + "/rewrite/target");
        assertThat(rewritten.headers().firstValue("Set-Cookie")).hasValue("s=1; Path=/rewrite");
    }

    @Test
    void serverSentEventsArriveOneByOne() throws Exception {
        Upstream.sseGate = new CountDownLatch(1);
        try (Socket socket = proxy.rawRequest("GET /proxy/sse HTTP/1.1")) {
            InputStream in = socket.getInputStream();
            assertThat(JettyFixture.readUntil(in, "data: one")).contains("text/event-stream");
            // The upstream is still holding its second event back: the first came on its own.
            Upstream.sseGate.countDown();
            assertThat(JettyFixture.readUntil(in, "data: two")).isNotEmpty();
        }
    }

    @Test
    void aRefusedUpstreamIs502AtOnce() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = proxy.get("/refused/x");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("could not be reached");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aStalledUpstreamIs504() throws Exception {
        HttpResponse<String> r = proxy.get("/quick/stall");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("did not answer in time");
    }

    @Test
    void anUpstreamThatDiesMidBodyAbortsTheClientsConnection() throws Exception {
        String answer = raw(proxy.port(), "GET /proxy/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("the beginning of a body");
        assertThat(answer).as("no last chunk: the client can tell the body was cut").doesNotEndWith("0\r\n\r\n");
    }

    @Test
    void aClientThatLeavesAbortsTheUpstreamRequest() throws Exception {
        Upstream.FOREVER_ABORTED.set(false);
        try (Socket socket = proxy.rawRequest("GET /proxy/forever HTTP/1.1")) {
            JettyFixture.readUntil(socket.getInputStream(), "tick");
        }
        for (int i = 0; i < 200 && !Upstream.FOREVER_ABORTED.get(); i++) {
            Thread.sleep(25);
        }
        assertThat(Upstream.FOREVER_ABORTED).as("the upstream saw its request end").isTrue();
    }

    @Test
    void aPostedBodyGoesThroughWithItsLength() throws Exception {
        byte[] body = Upstream.pattern(300_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        HttpResponse<String> r = proxy.client().send(java.net.http.HttpRequest.newBuilder(proxy.uri("/proxy/count"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo(body.length + " " + crc.getValue());
    }

    /**
     * Embedding code that stops its server before closing the site: the client, which runs on
     * the server's pool, stops as the pool starts to stop instead of holding a pool thread
     * the pool would wait for (the bound is generous; the wait it prevents is 5 s).
     */
    @Test
    void anEmbeddedServerStoppedBeforeItsSiteClosesStopsAtOnce() throws Exception {
        JettyFixture embedded = JettyFixture.serve(new Site(new ReverseProxyResource("127.0.0.1", upstream.port(), "")));
        assertThat(embedded.get("/some/page").statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        embedded.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    static void drain(InputStream in, OutputStream sink) throws Exception {
        in.transferTo(sink);
    }

    static byte[] readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static void await(CountDownLatch latch) throws InterruptedException {
        latch.await(10, TimeUnit.SECONDS);
    }
}
