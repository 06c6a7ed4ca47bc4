package dev.twistlet.web;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A leaf standing for a resource that is not known yet, the counterpart of Twisted's
 * {@code util.DeferredResource}: when the stage completes, traversal continues from the
 * resource it gives with the request's remaining postpath, and that resource is rendered.
 * A failed stage answers 500.
 */
public class DeferredResource extends Resource {
    private final CompletionStage<? extends IResource> resource;

    /** @param resource completes with the resource to continue with */
    public DeferredResource(CompletionStage<? extends IResource> resource) {
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    /** @return {@code true}: the remaining path goes to the resource the stage gives */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /** Waits for the stage, then traverses and renders what it gives, for any method. */
    @Override
    public Object render(Request request) {
        resource.whenComplete((child, error) -> {
            if (error != null) {
                request.processingFailed(error, this);
            } else if (child == null) {
                request.processingFailed(new IllegalStateException("DeferredResource completed with null"), this);
            } else {
                IResource target;
                try {
                    target = Resource.getChildForRequest(child, request);
                } catch (RuntimeException e) {
                    request.processingFailed(e, child);
                    return;
                }
                request.render(target);
            }
        });
        return NOT_DONE_YET;
    }
}
