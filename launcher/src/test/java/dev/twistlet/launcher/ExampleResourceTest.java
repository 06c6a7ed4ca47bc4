package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.ConnectionLostException;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The seed's "Knowing When We're Not Wanted" example on the launcher's embedded Jetty:
 * write, ask for the finish notice, finish later from {@code callLater}. Both outcomes:
 * finished normally, and a client that disconnects first (noticed within 2 s, not at the
 * late {@code finish()}, which then does no harm).
 */
class ExampleResourceTest {

    /** The seed's ExampleResource, with the delay and the println made observable. */
    static final class ExampleResource extends Resource {
        final Duration delay;
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        final CompletableFuture<String> lateFinish = new CompletableFuture<>();
        final CompletableFuture<String> clientSeenAfterEnd = new CompletableFuture<>();

        ExampleResource(Duration delay) {
            this.delay = delay;
        }

        @Override
        public Object renderGet(Request request) {
            request.write("hello world");
            request.notifyFinish().whenComplete((ok, error) -> {
                clientSeenAfterEnd.complete(String.valueOf(request.getClientAddress().getHostString()));
                outcome.complete(error == null ? "finished normally" : "error: " + error.getClass().getSimpleName());
            });
            request.getSite().callLater(delay, () -> {
                try {
                    request.finish();
                    lateFinish.complete("finish() returned quietly");
                } catch (RuntimeException e) {
                    lateFinish.complete("finish() threw " + e);
                }
            });
            return NOT_DONE_YET;
        }
    }

    /** The seed serves it as a script, {@code /example.rpy}: a child of the root. */
    static Resource under(String name, Resource child) {
        Resource root = new Resource();
        root.putChild(name, child);
        return root;
    }

    @Test
    void finishesNormallyAfterTheDelay() throws Exception {
        ExampleResource resource = new ExampleResource(Duration.ofMillis(300));
        try (Served jetty = Served.site(new Site(under("example", resource)))) {
            long start = System.nanoTime();
            var response = jetty.get("/example");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello world");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(resource.outcome.get(5, TimeUnit.SECONDS)).isEqualTo("finished normally");
            assertThat(resource.clientSeenAfterEnd.get(5, TimeUnit.SECONDS)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void noticesAClientThatDisconnectsFirst() throws Exception {
        ExampleResource resource = new ExampleResource(Duration.ofMillis(2500));
        try (Served jetty = Served.site(new Site(under("example", resource)))) {
            try (Socket socket = jetty.rawRequest("GET /example HTTP/1.1")) {
                InputStream in = socket.getInputStream();
                assertThat(Served.readUntil(in, "hello world")).startsWith("HTTP/1.1 200");
            }
            long closed = System.nanoTime();
            String outcome = resource.outcome.get(2, TimeUnit.SECONDS);
            assertThat(outcome).isEqualTo("error: " + ConnectionLostException.class.getSimpleName());
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(2));
            assertThat(resource.clientSeenAfterEnd.get(1, TimeUnit.SECONDS)).isEqualTo("127.0.0.1");
            assertThat(resource.lateFinish.get(5, TimeUnit.SECONDS)).isEqualTo("finish() returned quietly");
        }
    }

    /** The second held-open request on a kept-alive connection is watched too. */
    @Test
    void noticesADisconnectOnAKeptAliveConnection() throws Exception {
        ExampleResource first = new ExampleResource(Duration.ofMillis(100));
        ExampleResource second = new ExampleResource(Duration.ofSeconds(5));
        Resource root = under("first", first);
        root.putChild("second", second);
        try (Served jetty = Served.site(new Site(root))) {
            try (Socket socket = jetty.rawRequest("GET /first HTTP/1.1")) {
                InputStream in = socket.getInputStream();
                assertThat(Served.readUntil(in, "0\r\n\r\n")).contains("hello world");
                assertThat(first.outcome.get(5, TimeUnit.SECONDS)).isEqualTo("finished normally");
                OutputStream out = socket.getOutputStream();
                out.write("GET /second HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Served.readUntil(in, "hello world");
            }
            assertThat(second.outcome.get(2, TimeUnit.SECONDS)).isEqualTo("error: ConnectionLostException");
        }
    }

    /** A held-open response outlives Jetty's connection idle timeout, as in Twisted. */
    @Test
    void aHeldResponseOutlivesTheIdleTimeout() throws Exception {
        ExampleResource resource = new ExampleResource(Duration.ofMillis(2500));
        try (Served jetty = Served.site(new Site(under("example", resource)), Duration.ofSeconds(1))) {
            var response = jetty.get("/example");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello world");
            assertThat(resource.outcome.get(5, TimeUnit.SECONDS)).isEqualTo("finished normally");
            try (Socket idle = new Socket("127.0.0.1", jetty.port())) {
                idle.setSoTimeout(5000);
                assertThat(idle.getInputStream().read()).as("the idle timeout is live: an idle connection is closed")
                        .isEqualTo(-1);
            }
        }
    }

    /** A body read on a worker while the response is held open is not mistaken for a disconnect. */
    @Test
    void anUploadReadLaterIsNotADisconnect() throws Exception {
        CompletableFuture<Throwable> notice = new CompletableFuture<>();
        Resource upload = new Resource() {
            @Override
            public Object renderPost(Request request) {
                request.notifyFinish().whenComplete((ok, error) -> notice.complete(error));
                request.getSite().deferToThread(() -> {
                    try (InputStream body = request.getContent()) {
                        Thread.sleep(300);
                        return body.readAllBytes().length;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).thenAccept(n -> {
                    request.write("read " + n);
                    request.finish();
                });
                return NOT_DONE_YET;
            }
        };
        try (Served jetty = Served.site(new Site(under("upload", upload)))) {
            byte[] payload = new byte[3_000_000];
            var response = jetty.post("/upload", payload);
            assertThat(response.body()).isEqualTo("read " + payload.length);
            assertThat(notice.get(5, TimeUnit.SECONDS)).isNull();
        }
    }
}
