package dev.twistlet.web;

/**
 * A leaf that redirects every request to one URL, the counterpart of Twisted's
 * {@code util.Redirect}; {@link #redirectTo(String, Request)} is Twisted's
 * {@code util.redirectTo}.
 */
public class Redirect extends Resource {
    private final String url;

    /** @param url the absolute or relative URL every request is sent to */
    public Redirect(String url) {
        this.url = url;
    }

    /** @return {@code true}: the redirect answers for every path below it */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /** Redirects, whatever the method. */
    @Override
    public Object render(Request request) {
        return redirectTo(url, request);
    }

    /**
     * Sets a 302 to {@code url} on the request and returns a small page that links to it, the
     * URL HTML-escaped in the page.
     *
     * @param url     where to send the client
     * @param request the request to answer
     * @return the page to return from {@code render}
     */
    public static String redirectTo(String url, Request request) {
        request.redirect(url);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        String u = Html.escape(url);
        return "\n<html>\n    <head>\n        <meta http-equiv=\"refresh\" content=\"0;URL=" + u
                + "\">\n    </head>\n    <body bgcolor=\"#FFFFFF\" text=\"#000000\">\n    <a href=\"" + u
                + "\">click here</a>\n    </body>\n</html>\n";
    }
}
