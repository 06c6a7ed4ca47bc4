package dev.twistlet.launcher.it;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.time.Duration;

/** The user's own resource class for the launcher tests, found through {@code --classpath}. */
public class HelloResource extends Resource {

    /**
     * A root with a slow child, to stop the server while a request is in flight; a child
     * that fails, for tracebacks; one that sets its own {@code X-Site} header.
     */
    public HelloResource() {
        putChild("boom", new Resource() {
            @Override
            public Object renderGet(Request request) {
                throw new IllegalStateException("the resource fails on purpose");
            }
        });
        putChild("own-header", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("X-Site", "the resource's own");
                return "own";
            }
        });
        putChild("slow", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.write("slow start;");
                request.getSite().callLater(Duration.ofMillis(1500), () -> {
                    request.write(" slow end");
                    request.finish();
                });
                return NOT_DONE_YET;
            }
        });
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public dev.twistlet.web.IResource getChild(String name, Request request) {
        return name.isEmpty() ? this : super.getChild(name, request);
    }

    @Override
    public Object renderGet(Request request) {
        return "<html>Hello from the user's class at " + request.getPrepath() + "</html>";
    }
}
