package dev.twistlet.sample;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

/**
 * Fails, to show the 500 page (its traceback hidden unless the site displays them). The home
 * page reaches it by a form button that POSTs, not by a link, so that nothing following links
 * (a crawler, a link checker, a prefetching browser) lands on a deliberate failure.
 */
public class Boom extends Resource {

    /** Fails on purpose, for whoever types the URL. */
    @Override
    public Object renderGet(Request request) {
        throw new IllegalStateException("the sample fails here on purpose");
    }

    /** Fails on purpose: what the home page's button sends. */
    @Override
    public Object renderPost(Request request) {
        return renderGet(request);
    }
}
