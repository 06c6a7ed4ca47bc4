package dev.twistlet.web;

/** A 404 "No Such Resource" page, the counterpart of Twisted's {@code resource.NoResource}. */
public class NoResource extends ErrorPage {

    /** A 404 page with Twisted's default text. */
    public NoResource() {
        this("Sorry. No luck finding that resource.");
    }

    /** @param message the paragraph shown below the heading */
    public NoResource(String message) {
        super(404, "No Such Resource", message);
    }
}
