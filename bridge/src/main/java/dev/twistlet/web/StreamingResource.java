package dev.twistlet.web;

/**
 * A resource that reads the request body itself, as it arrives. For any other resource the
 * dispatcher reads the body whole before {@code render} (see {@link ContentLimits}), so a
 * slow client never holds the thread that renders; for this one {@link Request#getContent()}
 * is the container's live stream, read on the resource's own terms (a
 * {@code ServletResource} reads it on its own bounded pool). The length limit of the
 * site's {@link ContentLimits} still applies to a declared length.
 */
public interface StreamingResource extends IResource {
}
