package dev.twistlet.web;

/** A 403 "Forbidden Resource" page, the counterpart of Twisted's {@code resource.ForbiddenResource}. */
public class ForbiddenResource extends ErrorPage {

    /** A 403 page with Twisted's default text. */
    public ForbiddenResource() {
        this("Sorry, resource is forbidden.");
    }

    /** @param message the paragraph shown below the heading */
    public ForbiddenResource(String message) {
        super(403, "Forbidden Resource", message);
    }
}
