package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.ConnectionLostException;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The seed's "Knowing When We're Not Wanted" example on the launcher's embedded Jetty:
 * write, ask for the finish notice, finish later from {@code callLater}. Both outcomes:
 * finished normally, and a client that disconnects first (noticed within 2 s, not at the
 * late {@code finish()}).
 */
class ExampleResourceTest {

    /** The seed's ExampleResource, with the delay and the println made observable. */
    static final class ExampleResource extends Resource {
        final Duration delay;
        final CompletableFuture<String> outcome = new CompletableFuture<>();

        ExampleResource(Duration delay) {
            this.delay = delay;
        }

        @Override
        public Object renderGet(Request request) {
            request.write("hello world");
            request.notifyFinish().whenComplete((ok, error) ->
                    outcome.complete(error == null ? "finished normally" : "error: " + error.getClass().getSimpleName()));
            request.getSite().callLater(delay, request::finish);
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
        }
    }

    @Test
    void noticesAClientThatDisconnectsFirst() throws Exception {
        ExampleResource resource = new ExampleResource(Duration.ofSeconds(10));
        try (Served jetty = Served.site(new Site(under("example", resource)))) {
            try (Socket socket = jetty.rawRequest("GET /example HTTP/1.1")) {
                InputStream in = socket.getInputStream();
                assertThat(Served.readUntil(in, "hello world")).startsWith("HTTP/1.1 200");
            }
            long closed = System.nanoTime();
            String outcome = resource.outcome.get(2, TimeUnit.SECONDS);
            assertThat(outcome).isEqualTo("error: " + ConnectionLostException.class.getSimpleName());
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
