package dev.twistlet.web;

/**
 * A leaf that answers every method with one status code and a small HTML page, the
 * counterpart of Twisted's {@code resource.ErrorPage}. The texts are HTML-escaped.
 */
public class ErrorPage extends Resource {
    /**
     * The body of the 500 that a failed render answers with while tracebacks are hidden,
     * Twisted's {@code processingFailed} page; it tells the client nothing of the failure.
     */
    public static final String PROCESSING_FAILED =
            "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>";

    private final int code;
    private final String brief;
    private final String detail;

    /**
     * @param code   the status code to answer with
     * @param brief  the page's title and heading
     * @param detail the paragraph below the heading
     */
    public ErrorPage(int code, String brief, String detail) {
        this.code = code;
        this.brief = brief;
        this.detail = detail;
    }

    /** @return {@code true}: an error page answers for everything below it */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /** @return this page, whatever the segment */
    @Override
    public IResource getChild(String name, Request request) {
        return this;
    }

    /** Sets the status and a {@code text/html} type and returns the page, for any method. */
    @Override
    public Object render(Request request) {
        request.setResponseCode(code);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return page(code, brief, detail);
    }

    /** @return the status code this page answers with */
    public int getCode() {
        return code;
    }

    /**
     * The page Twistlet's own errors use, Twisted's layout.
     *
     * @param code   status code shown in the title
     * @param brief  title and heading, escaped here
     * @param detail paragraph, escaped here
     * @return the HTML text
     */
    public static String page(int code, String brief, String detail) {
        String b = Html.escape(brief);
        return "\n<html>\n  <head><title>" + code + " - " + b + "</title></head>\n  <body>\n    <h1>"
                + b + "</h1>\n    <p>" + Html.escape(detail) + "</p>\n  </body>\n</html>\n";
    }
}
