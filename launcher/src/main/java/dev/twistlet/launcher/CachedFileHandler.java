package dev.twistlet.launcher;

import dev.twistlet.web.PathSegments;
import dev.twistlet.web.files.CachedFile;
import dev.twistlet.web.files.FileResource;
import java.util.List;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Answers a plain {@code GET} or {@code HEAD} of a small static file at once, from memory,
 * without the servlet layer and the resource tree, and passes every other request on (to the
 * {@link DispatchHandler} above the servlet context). Used when the site's root is a {@link FileResource}: its
 * {@link FileResource#cachedFile} says, from the file cache alone, whether traversal and
 * rendering would send a file's bytes as they are, and if so this sends the same status,
 * headers and bytes.
 *
 * <p>It never blocks, so it answers on whichever thread Jetty runs the request, the reading
 * thread included when Jetty calls in non-blocking mode (see {@link DispatchHandler}).
 *
 * <p>What is passed on: other methods; requests with a body; conditional and range requests
 * ({@code If-*}, {@code Range}), which the usual way answers in full; a {@code Cookie} header
 * naming the session cookie, whose session the usual way keeps alive; paths with parameters
 * ({@code ;}) or that are not valid percent-encoded UTF-8; and whatever {@code cachedFile}
 * does not know at once (see there). Those requests see no difference.
 */
final class CachedFileHandler extends Handler.Wrapper {
    private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");

    private final FileResource root;
    private final String sessionCookie;

    /**
     * @param root          the site's root
     * @param sessionCookie the session cookie's name
     * @param next          the handler for every other request (the dispatch to the servlet context)
     */
    CachedFileHandler(FileResource root, String sessionCookie, Handler next) {
        super(next);
        this.root = root;
        this.sessionCookie = sessionCookie + "=";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        CachedFile file = plain(request) ? root.cachedFile(segments(request)) : null;
        if (file == null) {
            return super.handle(request, response, callback);
        }
        send(request, response, callback, file);
        return true;
    }

    private boolean plain(Request request) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return false;
        }
        HttpFields headers = request.getHeaders();
        for (HttpField header : headers) {
            HttpHeader known = header.getHeader();
            if (known == null) {
                continue;
            }
            switch (known) {
                case CONTENT_LENGTH, TRANSFER_ENCODING, RANGE, IF_RANGE, IF_MATCH, IF_NONE_MATCH, IF_MODIFIED_SINCE,
                        IF_UNMODIFIED_SINCE -> {
                    return false;
                }
                case COOKIE -> {
                    if (header.getValue().contains(sessionCookie)) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return true;
    }

    /** The request's decoded path segments, as the servlet path splits them; {@code empty} when it would not. */
    private static List<String> segments(Request request) {
        String path = request.getHttpURI().getPath();
        if (path == null || path.indexOf(';') >= 0) {
            return List.of();
        }
        try {
            return PathSegments.split(path);
        } catch (IllegalArgumentException notUtf8) {
            return List.of();
        }
    }

    private static void send(Request request, Response response, Callback callback, CachedFile file) {
        response.setStatus(HttpStatus.OK_200);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(ACCEPT_RANGES);
        headers.put(HttpHeader.CONTENT_TYPE, file.type());
        if (file.encoding() != null) {
            headers.put(HttpHeader.CONTENT_ENCODING, file.encoding());
        }
        headers.put(HttpHeader.ETAG, file.etag());
        headers.put(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(file.lastModifiedMillis()));
        headers.put(HttpHeader.CONTENT_LENGTH, file.length());
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : file.bytes(), callback);
    }
}
