package dev.twistlet.sample;

import dev.twistlet.web.ErrorPage;
import dev.twistlet.web.Html;
import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

/**
 * The sample's home page: a link to every part, built under wherever the site is mounted. A part
 * this deployment could not set up (its child is an {@link ErrorPage}, such as {@code proxy/}
 * without an upstream) is listed without a link, so every link on the page leads to a page.
 */
public class HomePage extends Resource {
    private static final String[][] PARTS = {
        {"hello/", "the seed's hello tree (also hello/fred/ and hello/bob/)"},
        {"forms/", "every form a render method may return"},
        {"session", "a counter kept in the session"},
        {"gzip", "a long page, zstd- or gzip-encoded as the browser accepts"},
        {"held", "a page finished later by callLater (NOT_DONE_YET)"},
        {"files/", "static files with a listing, and a .rpy script"},
        {"websocket", "a page that talks to a WebSocketResource echo (websocket/echo)"},
        {"legacy", "a legacy HttpServlet under ServletResource"},
        {"api/hello", "a Jersey application under ServletResource"},
        {"proxy/", "a ReverseProxyResource to the upstream named by the context parameter " + SampleSite.UPSTREAM},
    };

    /** The home page answers for its slash form too. */
    @Override
    public IResource getChild(String name, Request request) {
        return name.isEmpty() ? this : super.getChild(name, request);
    }

    /** Lists the parts, then the button that shows the 500 page. */
    @Override
    public Object renderGet(Request request) {
        String base = request.getSitePath() + "/";
        StringBuilder page = new StringBuilder("<!doctype html><html><head><title>Twistlet sample</title></head><body>"
                + "<h1>Twistlet sample</h1><ul>\n");
        for (String[] part : PARTS) {
            page.append("<li>");
            if (getStaticChildren().get(part[0].split("/")[0]) instanceof ErrorPage) {
                page.append(Html.escape(part[0])).append(" (not set up in this deployment)");
            } else {
                page.append("<a href=\"").append(Html.escape(base + part[0])).append("\">").append(Html.escape(part[0]))
                        .append("</a>");
            }
            page.append(": ").append(Html.escape(part[1])).append("</li>\n");
        }
        return page.append("</ul>\n<form method=\"post\" action=\"").append(Html.escape(base + "boom"))
                .append("\"><p><button type=\"submit\">boom</button> fails on purpose, to show the 500 page with its"
                        + " traceback hidden; a button rather than a link, so that nothing following links lands on"
                        + " it.</p></form>\n</body></html>\n").toString();
    }
}
