package dev.twistlet.web.servlet;

import dev.twistlet.web.PathSegments;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;

/**
 * Where a servlet request's site ends and its resource path begins. The site's root is
 * where the servlet is mapped: the raw request URI is split after the context path and
 * servlet path, so percent-encoded slashes stay inside their segment as far as the
 * container lets them through.
 *
 * @param sitePath the raw URI's part that names the servlet rather than a resource
 * @param rawPath  the rest, still percent-encoded, without path parameters
 */
record SitePath(String sitePath, String rawPath) {

    /**
     * @param request the container's request
     * @return its split
     */
    static SitePath of(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String prefix = sitePrefix(request);
        int split = prefix.isEmpty() ? 0 : siteEnd(uri, prefix);
        if (split >= 0) {
            return new SitePath(uri.substring(0, split), withoutPathParameters(uri.substring(split)));
        }
        // The raw URI does not spell the mapping segment by segment (dot segments, "//"):
        // fall back to the container's decoded path, re-encoded per segment.
        return new SitePath(prefix, encode(request.getPathInfo()));
    }

    /** The decoded part of the path that names the servlet rather than a resource. */
    private static String sitePrefix(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
        if (match == MappingMatch.DEFAULT || match == MappingMatch.EXTENSION) {
            return request.getContextPath();
        }
        return request.getContextPath() + request.getServletPath();
    }

    /**
     * Finds where the raw URI's segments stop spelling {@code prefix} (the decoded context
     * and servlet path), comparing segment by segment with path parameters removed.
     *
     * @return the index of the rest of the path, or -1 when the URI does not spell it
     */
    private static int siteEnd(String uri, String prefix) {
        int at = 0;
        int p = 0;
        while (p < prefix.length()) {
            if (prefix.charAt(p) != '/' || at >= uri.length() || uri.charAt(at) != '/') {
                return -1;
            }
            int prefixEnd = prefix.indexOf('/', p + 1);
            prefixEnd = prefixEnd < 0 ? prefix.length() : prefixEnd;
            int uriEnd = uri.indexOf('/', at + 1);
            uriEnd = uriEnd < 0 ? uri.length() : uriEnd;
            if (!sameSegment(uri.substring(at + 1, uriEnd), prefix.substring(p + 1, prefixEnd))) {
                return -1;
            }
            p = prefixEnd;
            at = uriEnd;
        }
        return at;
    }

    private static boolean sameSegment(String raw, String expected) {
        int semicolon = raw.indexOf(';');
        String bare = semicolon < 0 ? raw : raw.substring(0, semicolon);
        if (bare.equals(expected)) {
            return true;
        }
        try {
            return PathSegments.decode(bare).equals(expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Drops {@code ;name=value} path parameters from each segment, as servlet containers do. */
    private static String withoutPathParameters(String rawPath) {
        if (rawPath.indexOf(';') < 0) {
            return rawPath;
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            int semicolon = segments[i].indexOf(';');
            out.append(semicolon < 0 ? segments[i] : segments[i].substring(0, semicolon));
        }
        return out.toString();
    }

    private static String encode(String decodedPath) {
        if (decodedPath == null || decodedPath.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : decodedPath.substring(1).split("/", -1)) {
            out.append('/').append(PathSegments.quote(segment));
        }
        return out.toString();
    }
}
