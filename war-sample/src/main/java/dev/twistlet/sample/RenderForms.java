package dev.twistlet.sample;

import dev.twistlet.web.Html;
import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Every form a render method may return: {@code string}, {@code bytes}, {@code later}
 * ({@code NOT_DONE_YET}, written and finished from the site's scheduler thread) and
 * {@code future} (a stage completed on a worker thread). Its own page, at {@code forms} and
 * {@code forms/}, links to each.
 */
public class RenderForms extends Resource {
    private static final String[][] CHILDREN = {
        {"string", "a String, sent as UTF-8 HTML"},
        {"bytes", "a byte[], sent as it is with the Content-Type the resource set"},
        {"later", "NOT_DONE_YET: the first part written at once, the rest and finish() 100 ms later from the site's"
            + " scheduler thread"},
        {"future", "a CompletionStage (Twisted's Deferred), completed by deferToThread on a worker thread"},
    };

    /** Builds the four children. */
    public RenderForms() {
        putChild("string", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "a string";
            }
        });
        putChild("bytes", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("Content-Type", "application/octet-stream");
                return "some bytes".getBytes(StandardCharsets.US_ASCII);
            }
        });
        putChild("later", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.write("first, ");
                request.getSite().callLater(Duration.ofMillis(100), () -> {
                    request.write("then from " + (Thread.currentThread().getName().contains("twistlet") ? "the site's thread"
                            : "another thread"));
                    request.finish();
                });
                return NOT_DONE_YET;
            }
        });
        putChild("future", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return request.getSite().deferToThread(() -> "computed on a worker");
            }
        });
    }

    /** Answers for its slash form too. */
    @Override
    public IResource getChild(String name, Request request) {
        return name.isEmpty() ? this : super.getChild(name, request);
    }

    /** Lists the four forms, each linked under wherever this resource is mounted. */
    @Override
    public Object renderGet(Request request) {
        String mount = request.getMountPath();
        String base = mount.endsWith("/") ? mount : mount + "/";
        StringBuilder page = new StringBuilder("<!doctype html><html><head><title>Render forms</title></head><body>"
                + "<h1>Render forms</h1><p>What a render method may return; each child below returns one.</p><ul>\n");
        for (String[] child : CHILDREN) {
            page.append("<li><a href=\"").append(Html.escape(base + child[0])).append("\">").append(child[0])
                    .append("</a>: ").append(Html.escape(child[1])).append("</li>\n");
        }
        return page.append("</ul></body></html>\n").toString();
    }
}
