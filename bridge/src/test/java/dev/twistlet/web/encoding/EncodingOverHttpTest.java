package dev.twistlet.web.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's "Request encoders" example and every encoding rule, over a real socket. */
class EncodingOverHttpTest {
    private static final String PAGE = "<html>Hello, world!</html>";
    private static JettyFixture jetty;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** The seed's Simple. */
    static class Simple extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderGet(Request request) {
            return PAGE;
        }
    }

    static Resource typed(String type, String encoding, int code) {
        return new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("Content-Type", type);
                if (encoding != null) {
                    request.setHeader("Content-Encoding", encoding);
                }
                if (code != 200) {
                    request.setResponseCode(code);
                    return "";
                }
                return "not to be compressed again, or at all";
            }
        };
    }

    @BeforeAll
    static void start() throws Exception {
        Resource root = new Resource();
        root.putChild("simple", new EncodingResourceWrapper(new Simple(), List.of(new GzipEncoderFactory())));
        root.putChild("zstd-first", new EncodingResourceWrapper(new Simple(),
                List.of(new ZstdEncoderFactory(), new GzipEncoderFactory())));
        root.putChild("gzip-first", new EncodingResourceWrapper(new Simple(),
                List.of(new GzipEncoderFactory(), new ZstdEncoderFactory())));
        Resource tree = new Resource();
        tree.putChild("child", new Simple());
        root.putChild("tree", new EncodingResourceWrapper(tree, List.of(new GzipEncoderFactory())));
        List<EncoderFactory> gzip = List.of(new GzipEncoderFactory(6));
        root.putChild("png", new EncodingResourceWrapper(typed("image/png", null, 200), gzip));
        root.putChild("brotli", new EncodingResourceWrapper(typed("text/plain", "br", 200), gzip));
        root.putChild("nocontent", new EncodingResourceWrapper(typed("text/plain", null, 204), gzip));
        root.putChild("stream", new EncodingResourceWrapper(new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.write("first part;");
                request.getSite().deferToThread(() -> {
                    try {
                        RELEASE.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    request.write(" second part");
                    request.finish();
                    return null;
                });
                return NOT_DONE_YET;
            }
        }, gzip));
        root.putChild("big", new EncodingResourceWrapper(new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("Content-Type", "text/plain");
                request.getSite().deferToThread(() -> {
                    byte[] line = "0123456789abcdef the same line again and again\n".getBytes(StandardCharsets.US_ASCII);
                    byte[] chunk = new byte[line.length * 1000];
                    for (int i = 0; i < 1000; i++) {
                        System.arraycopy(line, 0, chunk, i * line.length, line.length);
                    }
                    long total = 0;
                    while (total < 10_000_000) {
                        request.write(chunk);
                        total += chunk.length;
                    }
                    request.finish();
                    return null;
                });
                return NOT_DONE_YET;
            }
        }, gzip));
        jetty = JettyFixture.serve(root);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
        return get("GET", path, acceptEncoding);
    }

    private static HttpResponse<byte[]> get(String method, String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(jetty.uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30));
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        return jetty.client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws Exception {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSeedsGzipExampleDecodesToThePage() throws Exception {
        HttpResponse<byte[]> r = get("/simple", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.headers().allValues("Vary")).contains("Accept-Encoding");
        r.headers().firstValueAsLong("Content-Length")
                .ifPresent(length -> assertThat(length).as("a length, if any, is the compressed one").isEqualTo(r.body().length));
        assertThat(gunzip(r.body())).isEqualTo(PAGE);
    }

    @Test
    void curlCompressedDecodesItToo() throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "--compressed", jetty.uri("/simple").toString()).start();
        assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
    }

    @Test
    void withoutAcceptEncodingTheBodyIsPlainWithItsLengthAndVary() throws Exception {
        for (String accept : new String[] {null, "gzip;q=0", "br", "identity"}) {
            HttpResponse<byte[]> r = get("/simple", accept);
            assertThat(r.headers().firstValue("Content-Encoding")).as(accept).isEmpty();
            assertThat(r.headers().firstValueAsLong("Content-Length")).as(accept).hasValue(PAGE.length());
            assertThat(r.headers().allValues("Vary")).as(accept).contains("Accept-Encoding");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
        }
    }

    @Test
    void starAndAnyCaseCount() throws Exception {
        assertThat(get("/simple", "*").headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(get("/simple", "GZIP").headers().firstValue("Content-Encoding")).hasValue("gzip");
    }

    @Test
    void theFirstFactoryThatOffersWins() throws Exception {
        HttpResponse<byte[]> zstd = get("/zstd-first", "gzip, zstd");
        assertThat(zstd.headers().firstValue("Content-Encoding")).hasValue("zstd");
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(zstd.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
        }
        assertThat(get("/gzip-first", "gzip, zstd").headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(get("/zstd-first", "gzip").headers().firstValue("Content-Encoding")).hasValue("gzip");
    }

    @Test
    void childrenBelowTheWrapperAreEncodedToo() throws Exception {
        HttpResponse<byte[]> r = get("/tree/child", "gzip");
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(r.body())).isEqualTo(PAGE);
        HttpResponse<byte[]> missing = get("/tree/nothing", "gzip");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(gunzip(missing.body())).contains("No Such Resource");
    }

    @Test
    void compressedTypesEncodedBodiesAndBodilessAnswersAreLeftAlone() throws Exception {
        HttpResponse<byte[]> png = get("/png", "gzip");
        assertThat(png.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(png.headers().allValues("Vary")).contains("Accept-Encoding");
        HttpResponse<byte[]> br = get("/brotli", "gzip");
        assertThat(br.headers().firstValue("Content-Encoding")).hasValue("br");
        assertThat(new String(br.body(), StandardCharsets.UTF_8)).isEqualTo("not to be compressed again, or at all");
        HttpResponse<byte[]> none = get("/nocontent", "gzip");
        assertThat(none.statusCode()).isEqualTo(204);
        assertThat(none.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(none.body()).isEmpty();
    }

    @Test
    void headGetsTheHeadersOfGet() throws Exception {
        int compressed = get("/simple", "gzip").body().length;
        try (Socket socket = jetty.rawRequest("HEAD /simple HTTP/1.1\r\nAccept-Encoding: gzip")) {
            String head = JettyFixture.readUntil(socket.getInputStream(), "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nContent-Encoding: gzip\r\n")
                    .containsIgnoringCase("\r\nVary: Accept-Encoding\r\n")
                    .as("the length GET sends, compressed").containsIgnoringCase("\r\nContent-Length: " + compressed + "\r\n");
        }
    }

    @Test
    void aStreamedResponseIsCompressedWriteByWrite() throws Exception {
        HttpResponse<InputStream> r = jetty.client().send(HttpRequest.newBuilder(jetty.uri("/stream"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (InputStream in = new GZIPInputStream(r.body())) {
            byte[] first = in.readNBytes("first part;".length());
            assertThat(new String(first, StandardCharsets.US_ASCII))
                    .as("the first write arrives decodable before the resource finishes").isEqualTo("first part;");
            RELEASE.countDown();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(" second part");
        }
    }

    @Test
    void tenMegabytesStreamThroughGzip() throws Exception {
        HttpResponse<InputStream> r = jetty.client().send(HttpRequest.newBuilder(jetty.uri("/big"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        long total = 0;
        long wire = 0;
        try (InputStream raw = r.body(); CountingStream counted = new CountingStream(raw);
             InputStream in = new GZIPInputStream(counted)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
            wire = counted.count;
        }
        assertThat(total).as("213 chunks of 1,000 lines of 47 bytes").isEqualTo(213 * 47_000);
        assertThat(wire).isLessThan(total / 20);
    }

    /** Counts the compressed bytes that crossed the wire. */
    static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }
    }

    /** A wrapper's child that is itself a wrapper is not wrapped twice. */
    @Test
    void wrappingIsNotDoubled() {
        IResource inner = new EncodingResourceWrapper(new Simple(), List.of(new GzipEncoderFactory()));
        Resource holder = new Resource();
        holder.putChild("x", inner);
        EncodingResourceWrapper outer = new EncodingResourceWrapper(holder, List.of(new GzipEncoderFactory()));
        assertThat(outer.getChildWithDefault("x", null)).isSameAs(inner);
    }
}
