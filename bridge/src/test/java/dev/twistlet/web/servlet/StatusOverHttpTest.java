package dev.twistlet.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Status, headers and body of the answers Twistlet writes itself, over a real socket. */
class StatusOverHttpTest {
    private static JettyFixture jetty;

    static class Page extends Resource {
        @Override
        public Object renderGet(Request request) {
            return "<html>a page</html>";
        }
    }

    static class Boom extends Resource {
        @Override
        public Object renderGet(Request request) {
            throw new IllegalArgumentException("do not show this");
        }
    }

    /** Sends part of a response, then fails: the client must not see a complete 200. */
    static class BreaksMidway extends Resource {
        @Override
        public Object renderGet(Request request) {
            request.write("partial ");
            request.getSite().callLater(java.time.Duration.ofMillis(50), () -> {
                request.write("more ");
                request.processingFailed(new IllegalStateException("mid-stream"), this);
            });
            return NOT_DONE_YET;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Resource root = new Resource();
        root.putChild("page", new Page());
        root.putChild("boom", new Boom());
        root.putChild("broken", new BreaksMidway());
        root.putChild("streamed", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.write("01234");
                request.getSite().callLater(java.time.Duration.ofMillis(50), () -> {
                    request.write("56789");
                    request.finish();
                });
                return NOT_DONE_YET;
            }
        });
        root.putChild("busy", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("X-Before", "dropped");
                request.getSite().callLater(java.time.Duration.ofMillis(20),
                        () -> request.writeError(503, "Retry-After", "1", "Busy <now>", "Try again & soon."));
                return NOT_DONE_YET;
            }
        });
        root.putChild("late-error", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.write("partial ");
                request.getSite().callLater(java.time.Duration.ofMillis(50),
                        () -> request.writeError(502, "Bad Gateway", "too late for a page"));
                return NOT_DONE_YET;
            }
        });
        jetty = JettyFixture.serve(new Site(root));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @Test
    void missingChildIs404() throws Exception {
        HttpResponse<String> response = jetty.get("/nothing-here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("<title>404 - No Such Resource</title>");
    }

    @Test
    void postToAGetOnlyResourceIs405NamingGetHeadOptions() throws Exception {
        HttpResponse<String> response = jetty.send("POST", "/page");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(response.body()).contains("Method Not Allowed").contains("/page");
    }

    @Test
    void putIs405WithAllow() throws Exception {
        HttpResponse<String> response = jetty.send("PUT", "/page");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    }

    @Test
    void anUnknownMethodIs501() throws Exception {
        HttpResponse<String> response = jetty.send("FOO", "/page");
        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(response.body()).contains("treat a FOO request");
    }

    @Test
    void headHasNoBodyAndTheSameLengthAsGet() throws Exception {
        HttpResponse<String> get = jetty.get("/page");
        try (Socket socket = jetty.rawRequest("HEAD /page HTTP/1.1")) {
            InputStream in = socket.getInputStream();
            String head = JettyFixture.readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200");
            assertThat(head).containsIgnoringCase("\r\nContent-Length: " + get.body().getBytes(StandardCharsets.UTF_8).length + "\r\n");
            socket.setSoTimeout(300);
            int extra;
            try {
                extra = in.read();
            } catch (java.net.SocketTimeoutException nothingMore) {
                extra = -1;
            }
            assertThat(extra).as("no body after HEAD headers").isEqualTo(-1);
        }
    }

    @Test
    void headOfAStreamedResponseGetsTheLengthOfWhatWasWritten() throws Exception {
        try (Socket socket = jetty.rawRequest("HEAD /streamed HTTP/1.1")) {
            String head = JettyFixture.readUntil(socket.getInputStream(), "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nContent-Length: 10\r\n");
        }
        assertThat(jetty.get("/streamed").body()).isEqualTo("0123456789");
    }

    @Test
    void optionsListsTheMethods() throws Exception {
        HttpResponse<String> response = jetty.send("OPTIONS", "/page");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    }

    @Test
    void anExceptionIs500WithoutTheTrace() throws Exception {
        HttpResponse<String> response = jetty.get("/boom");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("Processing Failed")
                .doesNotContain("do not show this").doesNotContain("IllegalArgumentException");
    }

    @Test
    void aFailureAfterTheResponseStartedAbortsTheConnection() throws Exception {
        try (Socket socket = jetty.rawRequest("GET /broken HTTP/1.1")) {
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 200").contains("partial ");
            assertThat(all).as("no terminating chunk: the client sees a broken response")
                    .doesNotEndWith("0\r\n\r\n");
        }
    }

    @Test
    void writeErrorReplacesWhatWasSetWithAWholeEscapedPage() throws Exception {
        HttpResponse<String> response = jetty.get("/busy");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("X-Before")).as("set before the error").isEmpty();
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.body()).contains("Busy &lt;now&gt;").contains("Try again &amp; soon.");
    }

    @Test
    void writeErrorAfterTheResponseStartedAbortsTheConnection() throws Exception {
        try (Socket socket = jetty.rawRequest("GET /late-error HTTP/1.1")) {
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 200").contains("partial ").doesNotContain("too late for a page");
            assertThat(all).as("no terminating chunk: the client sees a broken response").doesNotEndWith("0\r\n\r\n");
        }
    }
}
