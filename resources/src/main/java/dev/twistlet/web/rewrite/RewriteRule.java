package dev.twistlet.web.rewrite;

import dev.twistlet.web.Request;

/**
 * A rewrite rule for {@link RewriterResource}: may change the request's postpath (and so
 * the rest of its traversal) before the wrapped resource sees it, Twisted's rewrite rule
 * functions.
 */
@FunctionalInterface
public interface RewriteRule {
    /** @param request the request, its postpath starting at the wrapped resource */
    void rewrite(Request request);
}
