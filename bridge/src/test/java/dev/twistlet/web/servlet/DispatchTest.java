package dev.twistlet.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Traversal, dispatch and the response rules, driven through Mockito fakes of the servlet API: no socket. */
class DispatchTest {

    static class GetOnly extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public Object renderGet(Request request) {
            return "<p>got " + request.getPrepath() + " " + request.getPostpath() + "</p>";
        }
    }

    static class Failing extends Resource {
        @Override
        public Object renderGet(Request request) {
            throw new IllegalStateException("secret <detail>");
        }
    }

    /** Keeps the request it renders and leaves the response open. */
    static final class Held extends Resource {
        final AtomicReference<Request> request = new AtomicReference<>();

        @Override
        public Object renderGet(Request r) {
            request.set(r);
            return NOT_DONE_YET;
        }
    }

    static class PostOnly extends Resource {
        @Override
        public Object renderPost(Request request) {
            return "posted";
        }
    }

    private static ServletFakes serve(IResource root, ServletFakes fakes) throws Exception {
        return serve(new Site(root), fakes);
    }

    private static ServletFakes serve(Site site, ServletFakes fakes) throws Exception {
        new TwistletServlet(site).service(fakes.request, fakes.response);
        return fakes;
    }

    private static Resource tree(String name, IResource child) {
        Resource root = new Resource();
        root.putChild(name, child);
        return root;
    }

    @Test
    void getRendersTheStringAsUtf8HtmlWithItsLength() throws Exception {
        ServletFakes f = serve(tree("a", new GetOnly()), ServletFakes.at("GET", "/a/b/c"));
        assertThat(f.status).isEqualTo(200);
        assertThat(f.body()).isEqualTo("<p>got [a] [b, c]</p>");
        assertThat(f.headers).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Content-Length", "21");
        assertThat(f.asyncStarted).isFalse();
    }

    @Test
    void headSendsNoBodyButTheSameLength() throws Exception {
        ServletFakes f = serve(tree("a", new GetOnly()), ServletFakes.at("HEAD", "/a"));
        assertThat(f.status).isEqualTo(200);
        assertThat(f.body()).isEmpty();
        assertThat(f.headers).containsEntry("Content-Length", "17");
    }

    @Test
    void unimplementedStandardMethodAnswers405WithExactAllow() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "TRACE")) {
            ServletFakes f = serve(tree("a", new GetOnly()), ServletFakes.at(method, "/a"));
            assertThat(f.status).as(method).isEqualTo(405);
            assertThat(f.headers).as(method).containsEntry("Allow", "GET, HEAD, OPTIONS");
            assertThat(f.body()).contains("Method Not Allowed").contains("&quot;" + method + "&quot;");
        }
    }

    @Test
    void headWithoutRenderGetIs405NotAServerError() throws Exception {
        ServletFakes f = serve(tree("p", new PostOnly()), ServletFakes.at("HEAD", "/p"));
        assertThat(f.status).isEqualTo(405);
        assertThat(f.headers).containsEntry("Allow", "POST, OPTIONS");
    }

    @Test
    void unknownMethodTokenAnswers501() throws Exception {
        ServletFakes f = serve(tree("a", new GetOnly()), ServletFakes.at("FOO", "/a"));
        assertThat(f.status).isEqualTo(501);
        assertThat(f.body()).contains("know how to treat a FOO request.");
        assertThat(f.headers).doesNotContainKey("Allow");
    }

    @Test
    void optionsAnswersWithAllow() throws Exception {
        ServletFakes f = serve(tree("a", new GetOnly()), ServletFakes.at("OPTIONS", "/a"));
        assertThat(f.status).isEqualTo(200);
        assertThat(f.headers).containsEntry("Allow", "GET, HEAD, OPTIONS");
    }

    @Test
    void exceptionAnswers500WithoutTheTraceByDefault() throws Exception {
        ServletFakes f = serve(tree("x", new Failing()), ServletFakes.at("GET", "/x"));
        assertThat(f.status).isEqualTo(500);
        assertThat(f.body()).contains("Processing Failed").doesNotContain("secret").doesNotContain("at dev.");
    }

    @Test
    void displayTracebacksShowsTheEscapedTrace() throws Exception {
        Site site = new Site(tree("x", new Failing()));
        site.setDisplayTracebacks(true);
        ServletFakes f = serve(site, ServletFakes.at("GET", "/x"));
        assertThat(f.status).isEqualTo(500);
        assertThat(f.body()).contains("secret &lt;detail&gt;").contains("DispatchTest$Failing.renderGet")
                .doesNotContain("<detail>");
    }

    @Test
    void aReturnValueOfTheWrongTypeIs500() throws Exception {
        Resource odd = new Resource() {
            @Override
            public Object renderGet(Request request) {
                return 42;
            }
        };
        ServletFakes f = serve(tree("odd", odd), ServletFakes.at("GET", "/odd"));
        assertThat(f.status).isEqualTo(500);
        assertThat(f.body()).contains("Processing Failed");
    }

    @Test
    void notDoneYetStartsAsyncAndFinishCompletesIt() throws Exception {
        AtomicReference<Request> held = new AtomicReference<>();
        Resource later = new Resource() {
            @Override
            public Object renderGet(Request request) {
                held.set(request);
                request.write("part one;");
                return NOT_DONE_YET;
            }
        };
        ServletFakes f = serve(tree("later", later), ServletFakes.at("GET", "/later"));
        assertThat(f.asyncStarted).isTrue();
        verify(f.async, never()).complete();
        held.get().write(" part two");
        held.get().finish();
        verify(f.async).complete();
        assertThat(f.body()).isEqualTo("part one; part two");
        assertThat(f.headers).containsEntry("Content-Type", "text/html; charset=utf-8").doesNotContainKey("Content-Length");
    }

    @Test
    void finishInsideRenderNeedsNoAsync() throws Exception {
        Resource now = new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.write("done");
                request.finish();
                return NOT_DONE_YET;
            }
        };
        ServletFakes f = serve(tree("now", now), ServletFakes.at("GET", "/now"));
        assertThat(f.asyncStarted).isFalse();
        assertThat(f.body()).isEqualTo("done");
    }

    @Test
    void writeAfterFinishThrowsAndASecondFinishIsIgnored() throws Exception {
        AtomicReference<Request> held = new AtomicReference<>();
        Resource r = new Resource() {
            @Override
            public Object renderGet(Request request) {
                held.set(request);
                request.finish();
                return NOT_DONE_YET;
            }
        };
        serve(tree("r", r), ServletFakes.at("GET", "/r"));
        Request request = held.get();
        request.finish();
        assertThat(request.isFinished()).isTrue();
        assertThatThrownBy(() -> request.write("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after Request.finish").hasMessageContaining("GET /r");
        assertThat(request.notifyFinish().toCompletableFuture()).isCompletedWithValue(null);
    }

    @Test
    void aCompletedFutureIsSentWithoutAsync() throws Exception {
        Resource r = new Resource() {
            @Override
            public Object renderGet(Request request) {
                return CompletableFuture.completedFuture("ready".getBytes());
            }
        };
        ServletFakes f = serve(tree("r", r), ServletFakes.at("GET", "/r"));
        assertThat(f.asyncStarted).isFalse();
        assertThat(f.body()).isEqualTo("ready");
        assertThat(f.headers).containsEntry("Content-Length", "5");
    }

    @Test
    void aPendingFutureGoesAsyncAndAFailureBecomes500() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        Resource r = new Resource() {
            @Override
            public Object renderGet(Request request) {
                return pending;
            }
        };
        ServletFakes f = serve(tree("r", r), ServletFakes.at("GET", "/r"));
        assertThat(f.asyncStarted).isTrue();
        pending.completeExceptionally(new RuntimeException("nope"));
        assertThat(f.status).isEqualTo(500);
        assertThat(f.body()).contains("Processing Failed");
        verify(f.async).complete();
    }

    @Test
    void theSiteStartsWhereTheServletIsMapped() throws Exception {
        AtomicReference<Request> held = new AtomicReference<>();
        AtomicReference<String> url = new AtomicReference<>();
        Resource leaf = new GetOnly() {
            @Override
            public Object renderGet(Request request) {
                held.set(request);
                url.set(request.prePathURL());
                return "ok";
            }
        };
        serve(tree("a", leaf), new ServletFakes("GET", "/ctx", "/app", "/ctx/app/a/b%2Fc/"));
        Request request = held.get();
        assertThat(request.getPrepath()).containsExactly("a");
        assertThat(request.getPostpath()).containsExactly("b/c", "");
        assertThat(request.getSitePath()).isEqualTo("/ctx/app");
        assertThat(url.get()).isEqualTo("http://example.com/ctx/app/a");
    }

    @Test
    void aBadlyEncodedPathAnswers400() throws Exception {
        ServletFakes f = serve(tree("a", new GetOnly()), ServletFakes.at("GET", "/a/%C3%28"));
        assertThat(f.status).isEqualTo(400);
        assertThat(f.body()).contains("Bad Request");
    }

    /** A page that uses conditional GET as Twisted resources do. */
    static class Dated extends Resource {
        static final java.time.Instant MODIFIED = java.time.Instant.parse("2024-05-01T10:00:00Z");

        @Override
        public Object renderGet(Request request) {
            if (request.setLastModified(MODIFIED) || request.setETag("v1")) {
                return "";
            }
            return "fresh body";
        }
    }

    @Test
    void ifModifiedSinceAnswers304WithoutABody() throws Exception {
        ServletFakes f = serve(tree("d", new Dated()),
                ServletFakes.at("GET", "/d").header("If-Modified-Since", "Wed, 01 May 2024 10:00:00 GMT"));
        assertThat(f.status).isEqualTo(304);
        assertThat(f.body()).isEmpty();
        assertThat(f.headers).containsEntry("Last-Modified", "Wed, 01 May 2024 10:00:00 GMT");

        ServletFakes older = serve(tree("d", new Dated()),
                ServletFakes.at("GET", "/d").header("If-Modified-Since", "Tue, 30 Apr 2024 10:00:00 GMT"));
        assertThat(older.status).isEqualTo(200);
        assertThat(older.body()).isEqualTo("fresh body");
    }

    @Test
    void ifNoneMatchAnswers304ForAMatchingTag() throws Exception {
        ServletFakes f = serve(tree("d", new Dated()), ServletFakes.at("GET", "/d").header("If-None-Match", "W/\"v1\""));
        assertThat(f.status).isEqualTo(304);
        assertThat(f.body()).isEmpty();
        assertThat(f.headers).containsEntry("ETag", "\"v1\"");

        ServletFakes other = serve(tree("d", new Dated()), ServletFakes.at("GET", "/d").header("If-None-Match", "\"v0\""));
        assertThat(other.status).isEqualTo(200);
    }

    private static Request traversed(ServletFakes fakes) throws Exception {
        AtomicReference<Request> held = new AtomicReference<>();
        Resource leaf = new GetOnly() {
            @Override
            public Object renderGet(Request request) {
                held.set(request);
                return "ok";
            }
        };
        Resource root = new Resource() {
            @Override
            public dev.twistlet.web.IResource getChild(String name, Request request) {
                return leaf;
            }

            @Override
            public Object renderGet(Request request) {
                held.set(request);
                return "the root";
            }
        };
        serve(root, fakes);
        return held.get();
    }

    @Test
    void everyKindOfMappingPutsTheSiteRootInTheRightPlace() throws Exception {
        // "/" (the default servlet): the whole path below the context is the tree's.
        Request dflt = traversed(new ServletFakes("GET", "/ctx", "/a/b", "/ctx/a/b", jakarta.servlet.http.MappingMatch.DEFAULT, null));
        assertThat(dflt.getSitePath()).isEqualTo("/ctx");
        assertThat(dflt.getPrepath()).containsExactly("a");
        assertThat(dflt.getPostpath()).containsExactly("b");
        // "*.tw": likewise.
        Request ext = traversed(new ServletFakes("GET", "", "/x/page.tw", "/x/page.tw", jakarta.servlet.http.MappingMatch.EXTENSION, null));
        assertThat(ext.getSitePath()).isEmpty();
        assertThat(ext.getPrepath()).containsExactly("x");
        // An exact mapping "/hello": the servlet's own path is the root.
        Request exact = traversed(new ServletFakes("GET", "", "/hello", "/hello", jakarta.servlet.http.MappingMatch.EXACT, null));
        assertThat(exact.getSitePath()).isEqualTo("/hello");
        assertThat(exact.getPostpath()).isEmpty();
    }

    @Test
    void anEncodedMappingSegmentAndPathParametersAreSeenThrough() throws Exception {
        Request encoded = traversed(new ServletFakes("GET", "/c%20x", "/app", "/c%20x/app;v=1/a;jsessionid=42/b"));
        assertThat(encoded.getSitePath()).isEqualTo("/c%20x/app;v=1");
        assertThat(encoded.getPrepath()).containsExactly("a");
        assertThat(encoded.getPostpath()).containsExactly("b");
    }

    @Test
    void aUriThatDoesNotSpellTheMappingFallsBackToThePathInfo() throws Exception {
        Request dotted = traversed(new ServletFakes("GET", "", "/app", "/./app/x%2Fy/z", jakarta.servlet.http.MappingMatch.PATH, "/x/y/z"));
        assertThat(dotted.getSitePath()).isEqualTo("/app");
        assertThat(dotted.getPrepath()).containsExactly("x");
        assertThat(dotted.getPostpath()).containsExactly("y", "z");
    }

    @Test
    void aSecondFinishDoesNothingAndTheRequestSideIsClosedAfterTheEnd() throws Exception {
        Held r = new Held();
        AtomicReference<Request> held = r.request;
        ServletFakes f = serve(tree("r", r), ServletFakes.at("GET", "/r").header("X-Seen", "yes"));
        Request request = held.get();
        assertThat(request.getHeader("X-Seen")).isEqualTo("yes");
        request.finish();
        request.finish();
        verify(f.async, org.mockito.Mockito.times(1)).complete();
        assertThat(request.getUri()).isEqualTo("/r");
        assertThat(request.getHost()).isEqualTo("example.com");
        assertThatThrownBy(() -> request.getHeader("X-Seen")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the response to GET /r ended");
    }

    @Test
    void aConnectionLostBeforeTheEndFailsEveryNoticeEvenOnesAskedLater() throws Exception {
        Held r = new Held();
        AtomicReference<Request> held = r.request;
        ServletFakes f = serve(tree("r", r), ServletFakes.at("GET", "/r"));
        var early = held.get().notifyFinish().toCompletableFuture();
        org.mockito.ArgumentCaptor<jakarta.servlet.AsyncListener> listener =
                org.mockito.ArgumentCaptor.forClass(jakarta.servlet.AsyncListener.class);
        verify(f.async).addListener(listener.capture());
        jakarta.servlet.AsyncEvent event = new jakarta.servlet.AsyncEvent(f.async, new java.io.EOFException("gone"));
        listener.getValue().onError(event);
        assertThat(early).isCompletedExceptionally();
        assertThat(held.get().notifyFinish().toCompletableFuture()).isCompletedExceptionally();
        held.get().write("ignored after the client left");
        held.get().finish();
        verify(f.async, org.mockito.Mockito.times(1)).complete();
        assertThat(f.body()).isEmpty();
    }
}
