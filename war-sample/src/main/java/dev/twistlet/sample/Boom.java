package dev.twistlet.sample;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

/** Fails, to show the 500 page (its traceback hidden unless the site displays them). */
public class Boom extends Resource {
    @Override
    public Object renderGet(Request request) {
        throw new IllegalStateException("the sample fails here on purpose");
    }
}
