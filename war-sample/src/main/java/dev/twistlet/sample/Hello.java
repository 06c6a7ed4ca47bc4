package dev.twistlet.sample;

import dev.twistlet.web.Html;
import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;

/** The seed's {@code Hello}: says where it is located, and the URL it is at. */
public class Hello extends Resource {

    /** Answers for its slash form too. */
    @Override
    public IResource getChild(String name, Request request) {
        return name.isEmpty() ? this : super.getChild(name, request);
    }

    @Override
    public Object renderGet(Request request) {
        return "<html><body>Hello, world! I am located at " + Html.escape(request.getPrepath().toString())
                + " (" + Html.escape(request.prePathURL()) + ").</body></html>";
    }
}
