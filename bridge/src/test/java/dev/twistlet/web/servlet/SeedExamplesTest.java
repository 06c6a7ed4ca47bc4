package dev.twistlet.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The seed's examples from "Site Objects" to "Resource rendering", written in Java and
 * served by embedded Jetty over a real socket.
 */
class SeedExamplesTest {

    /** "Site Objects": {@code Simple}, a leaf that renders GET. */
    static class Simple extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderGet(Request request) {
            return "<html>Hello, world!</html>";
        }
    }

    /** "Resource objects": {@code Hello}, a leaf that answers for {@code ""} and shows its prepath. */
    static class Hello extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public IResource getChild(String name, Request request) {
            if (name.isEmpty()) {
                return this;
            }
            return super.getChild(name, request);
        }

        @Override
        public Object renderGet(Request request) {
            return "Hello, world! I am located at " + request.getPrepath() + ".";
        }
    }

    /** The same Hello without {@code isLeaf}, so traversal reaches the children. */
    static class Branch extends Hello {
        @Override
        public boolean isLeaf() {
            return false;
        }
    }

    @Test
    void simpleAnswersEveryPath() throws Exception {
        try (JettyFixture jetty = JettyFixture.serve(new Simple())) {
            for (String path : List.of("/", "/anything/at/all")) {
                HttpResponse<String> response = jetty.get(path);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("<html>Hello, world!</html>");
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type.replace(" ", "")).isEqualTo("text/html;charset=utf-8"));
            }
        }
    }

    @Test
    void helloShowsWhereItIs() throws Exception {
        try (JettyFixture jetty = JettyFixture.serve(new Hello())) {
            assertThat(jetty.get("/").body()).isEqualTo("Hello, world! I am located at [].");
        }
    }

    /**
     * The seed's tree as written: the root {@code Hello} is a leaf, so it renders all five
     * URLs itself with an empty prepath, exactly as real Twisted 22.4 does.
     */
    @Test
    void theSeedsFredAndBobTreeAnswersAllFiveUrls() throws Exception {
        Hello root = new Hello();
        root.putChild("fred", new Hello());
        root.putChild("bob", new Hello());
        try (JettyFixture jetty = JettyFixture.serve(root)) {
            for (String path : List.of("/", "/fred", "/bob", "/fred/", "/bob/")) {
                HttpResponse<String> response = jetty.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).isEqualTo("Hello, world! I am located at [].");
            }
        }
    }

    /** With a non-leaf root, the same five URLs reach the children, and the prepath says so. */
    @Test
    void aBranchingTreeReachesItsChildren() throws Exception {
        Branch root = new Branch();
        root.putChild("fred", new Branch());
        root.putChild("bob", new Branch());
        try (JettyFixture jetty = JettyFixture.serve(root)) {
            assertThat(jetty.get("/").body()).isEqualTo("Hello, world! I am located at [].");
            assertThat(jetty.get("/fred").body()).isEqualTo("Hello, world! I am located at [fred].");
            assertThat(jetty.get("/bob").body()).isEqualTo("Hello, world! I am located at [bob].");
            assertThat(jetty.get("/fred/").body()).isEqualTo("Hello, world! I am located at [fred, ].");
            assertThat(jetty.get("/bob/").body()).isEqualTo("Hello, world! I am located at [bob, ].");
            assertThat(jetty.get("/carol").statusCode()).isEqualTo(404);
        }
    }

    /** "Resource rendering": write as often as desired, finish, return NOT_DONE_YET. */
    @Test
    void writeThenFinishThenNotDoneYet() throws Exception {
        Resource resource = new Simple() {
            @Override
            public Object renderGet(Request request) {
                request.write("<html>");
                request.write("stuff");
                request.write("</html>");
                request.finish();
                return NOT_DONE_YET;
            }
        };
        try (JettyFixture jetty = JettyFixture.serve(resource)) {
            HttpResponse<String> response = jetty.get("/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("<html>stuff</html>");
        }
    }

    /** "Resource rendering": return NOT_DONE_YET, write and finish later from a callback. */
    @Test
    void notDoneYetThenWriteAndFinishLater() throws Exception {
        Resource resource = new Simple() {
            @Override
            public Object renderGet(Request request) {
                request.getSite().callLater(Duration.ofMillis(100), () -> request.write("first "));
                request.getSite().callLater(Duration.ofMillis(200), () -> {
                    request.write("second");
                    request.finish();
                });
                return NOT_DONE_YET;
            }
        };
        try (JettyFixture jetty = JettyFixture.serve(resource)) {
            HttpResponse<String> response = jetty.get("/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("first second");
        }
    }

    /** The Deferred form: a CompletableFuture completed from callLater. */
    @Test
    void aCompletableFutureCompletedFromCallLater() throws Exception {
        Resource resource = new Simple() {
            @Override
            public Object renderGet(Request request) {
                CompletableFuture<String> page = new CompletableFuture<>();
                request.getSite().callLater(Duration.ofMillis(150), () -> page.complete("<html>later</html>"));
                return page;
            }
        };
        try (JettyFixture jetty = JettyFixture.serve(resource)) {
            HttpResponse<String> response = jetty.get("/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("<html>later</html>");
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(18);
        }
    }

    /** Writes from many threads at once are serialised: every piece arrives whole. */
    @Test
    void writesFromSeveralThreadsArriveWhole() throws Exception {
        Resource resource = new Simple() {
            @Override
            public Object renderGet(Request request) {
                List<CompletableFuture<Void>> writers = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    String piece = "[" + "abcdefgh".repeat(64) + t + "]";
                    writers.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 50; i++) {
                            request.write(piece);
                        }
                    }));
                }
                CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).thenRun(request::finish);
                return NOT_DONE_YET;
            }
        };
        try (JettyFixture jetty = JettyFixture.serve(resource)) {
            String body = jetty.get("/").body();
            assertThat(body).matches("(\\[(abcdefgh){64}[0-3]\\]){200}");
        }
    }

    /** Blocking work goes to {@code deferToThread}; its future is the page. */
    @Test
    void deferToThreadResultIsThePage() throws Exception {
        Resource resource = new Simple() {
            @Override
            public Object renderGet(Request request) {
                return request.getSite().deferToThread(() -> "computed on " + Thread.currentThread().getName());
            }
        };
        try (JettyFixture jetty = JettyFixture.serve(resource)) {
            assertThat(jetty.get("/").body()).startsWith("computed on twistlet-site").contains("-worker-");
        }
    }

    /** A site may bound how long a response stays open: past it, 503 and a failed finish notice. */
    @Test
    void theSitesAsyncTimeoutEndsAForgottenResponse() throws Exception {
        CompletableFuture<Throwable> notice = new CompletableFuture<>();
        Resource forgetful = new Simple() {
            @Override
            public Object renderGet(Request request) {
                request.notifyFinish().whenComplete((ok, error) -> notice.complete(error));
                return NOT_DONE_YET;
            }
        };
        dev.twistlet.web.Site site = new dev.twistlet.web.Site(forgetful);
        site.setAsyncTimeout(Duration.ofMillis(300));
        try (JettyFixture jetty = JettyFixture.serve(site)) {
            assertThat(jetty.get("/").statusCode()).isEqualTo(503);
            assertThat(notice.get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(dev.twistlet.web.ConnectionLostException.class);
        }
    }

    /** Past the async timeout with part of the body sent, the connection is cut, never ended cleanly. */
    @Test
    void theAsyncTimeoutAbortsAResponseAlreadyUnderWay() throws Exception {
        Resource stalled = new Simple() {
            @Override
            public Object renderGet(Request request) {
                request.write("started, never finished");
                return NOT_DONE_YET;
            }
        };
        dev.twistlet.web.Site site = new dev.twistlet.web.Site(stalled);
        site.setAsyncTimeout(Duration.ofMillis(300));
        try (JettyFixture jetty = JettyFixture.serve(site);
             java.net.Socket socket = jetty.rawRequest("GET / HTTP/1.1")) {
            String all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 200").contains("started, never finished").doesNotEndWith("0\r\n\r\n");
        }
    }
}
