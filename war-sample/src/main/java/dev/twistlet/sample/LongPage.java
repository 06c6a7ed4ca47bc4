package dev.twistlet.sample;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

/** A long, repetitive page: what an encoder shrinks well. */
public class LongPage extends Resource {
    @Override
    public Object renderGet(Request request) {
        StringBuilder page = new StringBuilder("<html><body>");
        for (int i = 0; i < 2000; i++) {
            page.append("<p>Line ").append(i).append(" of a long page, encoded as the browser asks.</p>\n");
        }
        return page.append("</body></html>").toString();
    }
}
