package dev.twistlet.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.DeferredResource;
import dev.twistlet.web.IResource;
import dev.twistlet.web.Redirect;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Prepath and postpath as a client's URL shapes them, at the root and under a WAR-like mapping. */
class TraversalOverHttpTest {

    /** A leaf that reports what traversal left it. */
    static class Echo extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderGet(Request request) {
            request.setHeader("Content-Type", "text/plain; charset=utf-8");
            return "pre=" + quoted(request.getPrepath()) + " post=" + quoted(request.getPostpath())
                    + " url=" + request.prePathURL();
        }
    }

    /** Each segment in quotes, so an empty one shows. */
    static String quoted(java.util.List<String> segments) {
        return segments.stream().map(x -> "'" + x + "'").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** A root whose empty segment and every other name go to an Echo. */
    static class EchoRoot extends Resource {
        @Override
        public IResource getChild(String name, Request request) {
            return new Echo();
        }
    }

    @Test
    void segmentsAreDecodedAfterSplitting() throws Exception {
        try (JettyFixture jetty = JettyFixture.serve(new EchoRoot())) {
            String base = "http://127.0.0.1:" + jetty.port();
            assertThat(jetty.get("/").body()).isEqualTo("pre=[''] post=[] url=" + base + "/");
            assertThat(jetty.get("/a/").body()).isEqualTo("pre=['a'] post=[''] url=" + base + "/a");
            assertThat(jetty.get("/a/b/").body()).isEqualTo("pre=['a'] post=['b', ''] url=" + base + "/a");
            assertThat(jetty.get("/a%2Fb/c").body()).isEqualTo("pre=['a/b'] post=['c'] url=" + base + "/a%2Fb");
            assertThat(jetty.get("/caf%C3%A9").body()).isEqualTo("pre=['café'] post=[] url=" + base + "/caf%C3%A9");
        }
    }

    @Test
    void aServletOnASubPathInAContextStartsTheTreeThere() throws Exception {
        Resource root = new Resource();
        root.putChild("a", new Echo());
        root.putChild("", new Echo());
        try (JettyFixture jetty = JettyFixture.serve(new Site(root), "/ctx", "/app/*")) {
            String base = "http://127.0.0.1:" + jetty.port() + "/ctx/app";
            assertThat(jetty.get("/ctx/app/a/b/c").body()).isEqualTo("pre=['a'] post=['b', 'c'] url=" + base + "/a");
            assertThat(jetty.get("/ctx/app/").body()).isEqualTo("pre=[''] post=[] url=" + base + "/");
            assertThat(jetty.get("/ctx/app/missing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void redirectEscapesTheUrlInItsPage() throws Exception {
        Resource root = new Resource();
        root.putChild("go", new Redirect("/there?a=1&b=\"<x>\""));
        try (JettyFixture jetty = JettyFixture.serve(root)) {
            HttpResponse<String> response = jetty.get("/go");
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).hasValue("/there?a=1&b=\"<x>\"");
            assertThat(response.body()).contains("href=\"/there?a=1&amp;b=&quot;&lt;x&gt;&quot;\"")
                    .doesNotContain("<x>");
        }
    }

    @Test
    void aDeferredResourceContinuesTraversalWhenItArrives() throws Exception {
        Resource root = new Resource();
        root.putChild("later", new Resource() {
            @Override
            public IResource getChild(String name, Request request) {
                CompletableFuture<IResource> found = new CompletableFuture<>();
                Resource tree = new Resource();
                tree.putChild("x", new Echo());
                request.getSite().callLater(Duration.ofMillis(100), () -> found.complete(tree));
                return new DeferredResource(found);
            }
        });
        try (JettyFixture jetty = JettyFixture.serve(root)) {
            HttpResponse<String> response = jetty.get("/later/lookup/x/y");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("pre=['later', 'lookup', 'x'] post=['y']");
        }
    }

    @Test
    void argsComeFromTheQuery() throws Exception {
        Resource root = new Resource();
        root.putChild("q", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return request.getArgs().toString() + " " + request.getArg("b") + " " + request.getUri();
            }
        });
        try (JettyFixture jetty = JettyFixture.serve(root)) {
            assertThat(jetty.get("/q?a=1&b=two&a=3").body()).isEqualTo("{a=[1, 3], b=[two]} two /q?a=1&b=two&a=3");
        }
    }
}
