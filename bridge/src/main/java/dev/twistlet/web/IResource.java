package dev.twistlet.web;

/**
 * A web resource: one node of the tree a {@link Site} publishes, the counterpart of
 * Twisted's {@code twisted.web.resource.IResource}.
 *
 * <p>A request is served in two steps. Traversal starts at the site's root and, while the
 * request's postpath is not empty and the current resource is not a {@linkplain #isLeaf()
 * leaf}, moves one segment from the postpath to the prepath and asks
 * {@link #getChildWithDefault(String, Request)} for the next resource. Rendering then calls
 * {@link #render(Request)} on the resource traversal ended on.
 *
 * <p>Resources are called concurrently from many threads (unlike Twisted's single reactor
 * thread) and must be thread-safe, like servlets.
 */
public interface IResource {

    /**
     * Returned from {@link #render(Request)} to promise that the resource will complete the
     * response itself, with {@link Request#write(byte[])} and then {@link Request#finish()},
     * from any thread, now or later. This is also the right return value when the resource
     * has already called {@code finish()} inside {@code render}.
     */
    Object NOT_DONE_YET = new Object() {
        @Override
        public String toString() {
            return "NOT_DONE_YET";
        }
    };

    /**
     * Whether traversal stops here: a leaf is rendered with whatever postpath is left.
     *
     * @return {@code true} if this resource handles every path below it itself
     */
    boolean isLeaf();

    /**
     * Returns the child for one path segment: a child registered with
     * {@link #putChild(String, IResource)} first, else one computed for the request.
     *
     * @param name    the decoded segment ({@code ""} for a trailing slash)
     * @param request the request being traversed
     * @return the next resource, never {@code null} (a missing child is a {@link NoResource})
     */
    IResource getChildWithDefault(String name, Request request);

    /**
     * Registers a static child under one path segment, replacing any child already there.
     *
     * @param path  the decoded segment it answers to
     * @param child the resource to publish there
     */
    void putChild(String path, IResource child);

    /**
     * Renders the response. Returns a {@code String} (sent as UTF-8), a {@code byte[]},
     * {@link #NOT_DONE_YET}, or a {@link java.util.concurrent.CompletionStage} that completes
     * with a {@code String} or {@code byte[]}. Anything else, or an exception, becomes a 500
     * "Processing Failed" page.
     *
     * @param request the request to answer
     * @return the body, or a promise of it
     */
    Object render(Request request);
}
