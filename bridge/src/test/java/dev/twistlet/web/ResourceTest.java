package dev.twistlet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model alone: children, traversal and the methods a class implements. */
class ResourceTest {

    static class Get extends Resource {
        @Override
        public Object renderGet(Request request) {
            return "get";
        }
    }

    static class GetPost extends Get {
        @Override
        public Object renderPost(Request request) {
            return "post";
        }
    }

    static class HeadOnly extends Resource {
        @Override
        public Object renderHead(Request request) {
            return "";
        }
    }

    static class Leaf extends Get {
        @Override
        public boolean isLeaf() {
            return true;
        }
    }

    /** A request whose prepath and postpath are real lists; the rest is never touched. */
    private static Request requestFor(String... postpath) {
        Request request = mock(Request.class);
        List<String> pre = new ArrayList<>();
        List<String> post = new ArrayList<>(List.of(postpath));
        when(request.getPrepath()).thenReturn(pre);
        when(request.getPostpath()).thenReturn(post);
        return request;
    }

    @Test
    void allowListsExactlyWhatTheClassImplements() {
        assertThat(new Resource().getAllowedMethods()).containsExactly("OPTIONS");
        assertThat(new Get().getAllowedMethods()).containsExactly("GET", "HEAD", "OPTIONS");
        assertThat(new GetPost().getAllowedMethods()).containsExactly("GET", "HEAD", "POST", "OPTIONS");
        assertThat(new HeadOnly().getAllowedMethods()).containsExactly("HEAD", "OPTIONS");
        assertThat(new GetPost().getAllowedMethods()).isSameAs(new GetPost().getAllowedMethods());
    }

    @Test
    void staticChildrenWinOverGetChild() {
        Resource fixed = new Get();
        Resource root = new Resource() {
            @Override
            public IResource getChild(String name, Request request) {
                return new Leaf();
            }
        };
        root.putChild("fixed", fixed);
        assertThat(root.getChildWithDefault("fixed", requestFor())).isSameAs(fixed);
        assertThat(root.getChildWithDefault("other", requestFor())).isInstanceOf(Leaf.class);
        assertThat(new Resource().getChildWithDefault("missing", requestFor())).isInstanceOf(NoResource.class);
    }

    @Test
    void traversalMovesSegmentsUntilALeaf() {
        Resource root = new Resource();
        Resource a = new Resource();
        Leaf leaf = new Leaf();
        root.putChild("a", a);
        a.putChild("leaf", leaf);
        Request request = requestFor("a", "leaf", "x", "");
        assertThat(Resource.getChildForRequest(root, request)).isSameAs(leaf);
        assertThat(request.getPrepath()).containsExactly("a", "leaf");
        assertThat(request.getPostpath()).containsExactly("x", "");
    }

    @Test
    void theRootIsAskedForTheEmptySegmentOfSlash() {
        Resource root = new Resource();
        Request request = requestFor("");
        assertThat(Resource.getChildForRequest(root, request)).isInstanceOf(NoResource.class);
        assertThat(request.getPrepath()).containsExactly("");
        assertThat(request.getPostpath()).isEmpty();
    }

    @Test
    void errorPagesEscapeTheirText() {
        assertThat(ErrorPage.page(404, "<b>", "a & b")).contains("<title>404 - &lt;b&gt;</title>")
                .contains("<p>a &amp; b</p>");
    }
}
