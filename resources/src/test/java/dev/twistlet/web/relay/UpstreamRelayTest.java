package dev.twistlet.web.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UpstreamRelay driven by a stand-in upstream on a thread of its own, as a script's or an
 * HTTP client's would, over a real Jetty: failures before and after the head, a client that
 * leaves, and the header rule with a rewrite.
 */
class UpstreamRelayTest {
    static JettyFixture jetty;
    static volatile CompletableFuture<String> leaving = new CompletableFuture<>();

    /** A resource whose answer comes from {@code upstream}, run on another thread once render returned. */
    static IResource relayed(Consumer<UpstreamRelay> upstream) {
        return new Resource() {
            @Override
            public Object render(Request request) {
                UpstreamRelay relay = new UpstreamRelay(request, this);
                CompletableFuture.runAsync(() -> upstream.accept(relay),
                        CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
                return NOT_DONE_YET;
            }
        };
    }

    static List<Map.Entry<String, String>> plainText() {
        return List.of(Map.entry("Content-Type", "text/plain"));
    }

    @BeforeAll
    static void start() throws Exception {
        Resource root = new Resource();
        root.putChild("refused", relayed(relay -> relay.fail(new IOException("refused"), 502, "Bad Gateway",
                "The upstream <server> could not be reached.")));
        root.putChild("cut", relayed(relay -> {
            relay.head(200, plainText());
            relay.body(ByteBuffer.wrap("the beginning".getBytes(StandardCharsets.US_ASCII)));
            relay.fail(new IOException("the upstream died (expected by the test)"), 502, "Bad Gateway", "never shown");
        }));
        root.putChild("head-only", relayed(relay -> {
            relay.head(200, plainText());
            relay.fail(new IOException("the upstream died after its head (expected by the test)"), 502, "Bad Gateway",
                    "never shown");
        }));
        root.putChild("whole", relayed(relay -> {
            relay.head(201, List.of(Map.entry("Content-Type", "text/plain"), Map.entry("Connection", "X-Hop"),
                    Map.entry("X-Hop", "1"), Map.entry("Location", "http://upstream/a"), Map.entry("X-Drop", "1"),
                    Map.entry("Server", "upstream"), Map.entry("X-Kept", "1")), (name, value) -> switch (name) {
                        case "Location" -> value.replace("http://upstream", "http://front");
                        case "X-Drop" -> null;
                        case "X-Hop", "Server" -> "the rewrite never sees " + name;
                        default -> value;
                    });
            relay.body(ByteBuffer.wrap("one ".getBytes(StandardCharsets.US_ASCII)));
            relay.body(ByteBuffer.wrap("two".getBytes(StandardCharsets.US_ASCII)));
            relay.end();
        }));
        root.putChild("leave", relayed(relay -> {
            CompletableFuture<Throwable> left = new CompletableFuture<>();
            relay.onClientLeft(left::complete);
            relay.head(200, plainText());
            try {
                for (int i = 0; i < 500 && !left.isDone(); i++) {
                    relay.body(ByteBuffer.wrap("tick\n".getBytes(StandardCharsets.US_ASCII)));
                    Thread.sleep(10);
                }
                left.get(5, TimeUnit.SECONDS);
                relay.body(ByteBuffer.wrap("after".getBytes(StandardCharsets.US_ASCII)));
                relay.fail(new IOException("after the client left"), 502, "Bad Gateway", "nobody to tell");
                relay.end();
                boolean late = lateActionRunsAtOnce(relay);
                leaving.complete("left=" + relay.clientLeft() + " head=" + relay.head(200, plainText()) + " late=" + late);
            } catch (Exception | AssertionError e) {
                leaving.completeExceptionally(e);
            }
        }));
        jetty = JettyFixture.serve(new Site(root));
    }

    /** Whether an action given after the client left runs at once. */
    static boolean lateActionRunsAtOnce(UpstreamRelay relay) {
        boolean[] ran = {false};
        relay.onClientLeft(lost -> ran[0] = true);
        return ran[0];
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    static String raw(String path) throws IOException {
        try (Socket socket = jetty.rawRequest("GET " + path + " HTTP/1.1")) {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aFailureBeforeTheHeadIsAnErrorPageWithTheStatusGiven() throws Exception {
        HttpResponse<String> r = jetty.get("/refused");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).contains("Bad Gateway").contains("The upstream &lt;server&gt; could not be reached.");
    }

    @Test
    void aFailureAfterPartOfTheBodyCutsTheConnection() throws Exception {
        String answer = raw("/cut");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("the beginning");
        assertThat(answer).as("no last chunk: the client can tell the body was cut").doesNotEndWith("0\r\n\r\n")
                .doesNotContain("never shown");
    }

    @Test
    void aFailureAfterTheHeadButBeforeAnyBodyIsAProcessingFailure() throws Exception {
        HttpResponse<String> r = jetty.get("/head-only");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Processing Failed").doesNotContain("never shown");
    }

    @Test
    void theHeadPassesTheRuleThenTheRewriteAndTheBodyArrivesWhole() throws Exception {
        HttpResponse<String> r = jetty.get("/whole");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("one two");
        assertThat(r.headers().firstValue("Location")).hasValue("http://front/a");
        assertThat(r.headers().firstValue("X-Kept")).hasValue("1");
        assertThat(r.headers().firstValue("X-Drop")).isEmpty();
        assertThat(r.headers().firstValue("X-Hop")).isEmpty();
        assertThat(r.headers().allValues("Server")).noneMatch(v -> v.contains("upstream") || v.contains("rewrite"));
    }

    @Test
    void aClientThatLeavesStopsTheRelayAndNothingMoreIsSent() throws Exception {
        leaving = new CompletableFuture<>();
        try (Socket socket = jetty.rawRequest("GET /leave HTTP/1.1")) {
            InputStream in = socket.getInputStream();
            JettyFixture.readUntil(in, "tick");
        }
        assertThat(leaving.get(10, TimeUnit.SECONDS)).isEqualTo("left=true head=false late=true");
    }
}
