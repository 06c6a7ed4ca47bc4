package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body returned from {@code render} carries its exact {@code Content-Length} over HTTP/2,
 * where the model leaves the length of a small one to Jetty (see
 * {@code RequestChannel.statesLengthOf}), and over HTTP/1.1, where it states it itself: small
 * and large bodies, a length the resource got wrong, HEAD, a response held open, and many
 * streams at once on one connection.
 */
class WholeBodyLengthTest {
    private static final int LARGE = 20_000;

    private Site site;
    private Served served;
    private HttpClient h2c;

    @BeforeEach
    void start() throws Exception {
        Resource root = new Resource();
        root.putChild("small", leaf(request -> "hello"));
        root.putChild("large", leaf(request -> new byte[LARGE]));
        root.putChild("wrong", leaf(request -> {
            request.setHeader("Content-Length", "99");
            return "abc";
        }));
        root.putChild("later", leaf(request -> CompletableFuture.supplyAsync(() -> "late",
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))));
        site = new Site(root);
        served = Served.site(site);
        h2c = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        h2c.start();
    }

    @AfterEach
    void stop() throws Exception {
        h2c.stop();
        served.close();
        site.close();
    }

    @Test
    void overHttp2EveryWholeBodyCarriesItsLength() throws Exception {
        assertLength(get("/small"), "5", 5);
        assertLength(get("/large"), String.valueOf(LARGE), LARGE);
        assertLength(get("/wrong"), "3", 3);
        assertLength(get("/later"), "4", 4);
        ContentResponse head = h2c.newRequest("127.0.0.1", served.port()).method(HttpMethod.HEAD).path("/small")
                .timeout(10, TimeUnit.SECONDS).send();
        assertLength(head, "5", 0);
    }

    @Test
    void overHttp2ManyStreamsAtOnceEachCarryTheirLength() throws Exception {
        List<CompletableFuture<ContentResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(new CompletableResponseListener(
                    h2c.newRequest("127.0.0.1", served.port()).path("/small").timeout(30, TimeUnit.SECONDS)).send());
        }
        for (CompletableFuture<ContentResponse> answer : answers) {
            ContentResponse response = answer.get(30, TimeUnit.SECONDS);
            assertLength(response, "5", 5);
            assertThat(response.getContentAsString()).isEqualTo("hello");
        }
    }

    @Test
    void overHttp11ASmallBodyIsSentWithItsLengthNotChunked() throws Exception {
        try (Socket socket = served.rawRequest("GET /small HTTP/1.1")) {
            InputStream in = socket.getInputStream();
            String head = Served.readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200 ").contains("Content-Length: 5\r\n")
                    .doesNotContain("Transfer-Encoding");
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
    }

    private ContentResponse get(String path) throws Exception {
        return h2c.newRequest("127.0.0.1", served.port()).path(path).timeout(10, TimeUnit.SECONDS).send();
    }

    private static void assertLength(ContentResponse response, String header, int bodyBytes) {
        assertThat(response.getVersion()).hasToString("HTTP/2.0");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get(HttpHeader.CONTENT_LENGTH)).isEqualTo(header);
        assertThat(response.getContent()).hasSize(bodyBytes);
    }

    private static Resource leaf(Function<Request, Object> body) {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGet(Request request) {
                return body.apply(request);
            }
        };
    }
}
