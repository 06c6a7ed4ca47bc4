package dev.twistlet.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP request and its response, the counterpart of Twisted's
 * {@code twisted.web.server.Request}.
 *
 * <p>Traversal reads and changes {@link #getPrepath()} and {@link #getPostpath()}. A
 * resource answers by returning a body from {@code render}, or by returning
 * {@link IResource#NOT_DONE_YET} and calling {@link #write(byte[])} and {@link #finish()}
 * itself, from any thread, now or later. Writes made while {@code render} runs are buffered
 * by the container; once the resource has returned {@code NOT_DONE_YET} each write is sent
 * at once, as Twisted sends it. Writes, {@code finish()} and header changes are
 * serialised, so several threads may use one request. After {@code finish()}, a second
 * {@code finish()} is ignored with a warning and {@code write} throws
 * {@link IllegalStateException}; after the client has gone away both are silently ignored.
 *
 * <p>Method, URI and path stay readable after the response ends, and so do host, port,
 * scheme, protocol and client address of a response held open past {@code render} or whose
 * {@link #notifyFinish()} was asked for. Anything else must be read before the end, since
 * the container may recycle its request then; reading it later throws
 * {@link IllegalStateException}.
 *
 * <p>As in Twisted, the HTTP side (what the client sent, the response's headers and body) is
 * the superclass, {@link HttpRequest}; this class adds the site, traversal, rendering and
 * sessions. The response's state machine is {@code ResponseState}; processing and failure
 * pages are {@code Renderer}.
 */
public non-sealed class Request extends HttpRequest {
    private final Site site;
    private final List<String> prepath = new ArrayList<>();
    private final List<String> postpath;
    /** Why the path could not be split, or {@code null}. */
    private final String badPath;

    /**
     * Wraps one exchange; the postpath is the channel's raw path split and decoded.
     *
     * @param site    the site the request is for
     * @param channel the container's side of the exchange
     */
    public Request(Site site, RequestChannel channel) {
        super(channel);
        this.site = site;
        List<String> segments;
        String bad = null;
        try {
            segments = PathSegments.split(rawPath());
        } catch (IllegalArgumentException e) {
            segments = new ArrayList<>();
            bad = e.getMessage();
        }
        this.postpath = segments;
        this.badPath = bad;
    }

    // ---------------------------------------------------------------- processing

    /**
     * Traverses the site's tree, reads the body (unless the target is a
     * {@link StreamingResource}) and renders what it found; called once by the container
     * bridge. A path that is not valid percent-encoded UTF-8 answers 400.
     */
    public void process() {
        Renderer.process(this);
    }

    /**
     * Renders {@code resource} for this request and sends what it returns (Twisted's
     * {@code Request.render}). Resources that continue traversal later, such as
     * {@link DeferredResource}, call it after returning {@code NOT_DONE_YET}.
     *
     * @param resource the resource to render
     */
    public void render(IResource resource) {
        Renderer.render(this, resource);
    }

    /**
     * Answers 500 for a failure while rendering: "Processing Failed", or the escaped stack
     * trace when the site displays tracebacks; the failure is always logged with the
     * resource's class. When part of the response was already sent, the connection is
     * aborted instead, so the client cannot mistake it for a whole one. A
     * {@link SessionUnavailableException} answers 503 with {@code Retry-After} instead.
     *
     * @param error    what went wrong
     * @param resource the resource that was rendering
     */
    public void processingFailed(Throwable error, IResource resource) {
        Renderer.processingFailed(this, error, resource);
    }

    /**
     * Answers with an error page in place of whatever response was under way (Jetty's
     * {@code Response.writeError}): {@code status} and a {@code text/html} page titled
     * {@code brief}, with {@code detail} below, both escaped ({@link ErrorPage#page}); the
     * exchange then ends. Headers set before are dropped. Once part of the response was sent,
     * a whole answer is no longer possible: the connection is cut instead, so the client
     * cannot take the part for the whole. After the end it does nothing. Safe from any thread.
     *
     * @param status the status code
     * @param brief  the page's title and heading
     * @param detail the paragraph below it
     */
    public void writeError(int status, String brief, String detail) {
        writeError(status, null, null, brief, detail);
    }

    /**
     * {@link #writeError(int, String, String)} with one header on the answer, e.g.
     * {@code Retry-After} on a 503.
     *
     * @param status the status code
     * @param header the header's name, or {@code null} for none
     * @param value  its value
     * @param brief  the page's title and heading
     * @param detail the paragraph below it
     */
    public void writeError(int status, String header, String value, String brief, String detail) {
        byte[] page = ErrorPage.page(status, brief, detail).getBytes(StandardCharsets.UTF_8);
        response().replace(status, header, value, page, null);
    }

    /**
     * Hands the response over to code that writes it straight to the container, such as a
     * foreign servlet run by {@code ServletResource}: the exchange is held open now, as for
     * {@link IResource#NOT_DONE_YET}, and {@link #finish()} will end it without adding a
     * default type or length of its own. Call it from {@code render}, then return
     * {@code NOT_DONE_YET}.
     */
    public void handOver() {
        response().handOver();
        response().keepOpen(site);
    }

    /**
     * Answers 302 with {@code Location: url}; the resource still returns or writes a body.
     *
     * @param url where to send the client
     */
    public void redirect(String url) {
        setResponseCode(302);
        setHeader("Location", url);
    }

    /** @return the decoded segments traversal has consumed; mutable, as in Twisted */
    public List<String> getPrepath() {
        return prepath;
    }

    /** @return the decoded segments traversal has yet to consume; mutable, as in Twisted */
    public List<String> getPostpath() {
        return postpath;
    }

    /** @return the site serving this request */
    public Site getSite() {
        return site;
    }

    /**
     * Returns the browser's session, creating it (and its cookie) on first use, with the
     * site's session timeout. Call it before the response is committed when it may create a
     * session, since creating one sets a cookie.
     *
     * @return the session
     */
    public Session getSession() {
        return getSession(true);
    }

    /**
     * @param create whether to create a session when the browser has none
     * @return the browser's session, or {@code null} when it has none and {@code create} is false
     */
    public Session getSession(boolean create) {
        requireOpen("getSession");
        return channel().session(create, site.getSessionTimeout());
    }

    /**
     * @return the absolute URL of the resource traversal has reached:
     *         {@code scheme://host[:port]} + the site path + the quoted prepath
     */
    public String prePathURL() {
        boolean secure = isSecure();
        int port = getPort();
        String host = getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        StringBuilder url = new StringBuilder(secure ? "https://" : "http://").append(host);
        if (port != (secure ? 443 : 80)) {
            url.append(':').append(port);
        }
        String mount = getMountPath();
        return url.append(mount.isEmpty() || prepath.isEmpty() ? mount + "/" : mount).toString();
    }

    /**
     * @return the raw URL path of what traversal has consumed: the site path and the
     *         quoted prepath, e.g. {@code /ctx/app/api} for a resource mounted at {@code api}
     *         ({@code ""} at the root); {@link #prePathURL()} without scheme and host
     */
    public String getMountPath() {
        StringBuilder path = new StringBuilder(getSitePath());
        for (String segment : prepath) {
            path.append('/').append(PathSegments.quote(segment));
        }
        return path.toString();
    }

    @Override
    public String toString() {
        return "Request[" + getMethod() + " " + getUri() + "]";
    }

    /** @return why the path could not be split into segments, or {@code null} */
    String badPath() {
        return badPath;
    }
}
