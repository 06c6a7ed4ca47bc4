package dev.twistlet.launcher.demo;

import dev.twistlet.web.Html;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A small site that shows the model at a glance: {@code twistlet web --class
 * dev.twistlet.launcher.demo.DemoRoot}. A home page, the seed's hello tree, a streamed
 * response finished later, and a page computed on a worker thread.
 */
public class DemoRoot extends Resource {

    /** Builds the tree: {@code /hello}, {@code /hello/fred}, {@code /clock}, {@code /later}. */
    public DemoRoot() {
        Resource hello = new Hello();
        hello.putChild("fred", new Hello());
        hello.putChild("bob", new Hello());
        putChild("", this);
        putChild("hello", hello);
        putChild("clock", new Clock());
        putChild("later", new Later());
    }

    @Override
    public Object renderGet(Request request) {
        return "<!doctype html><html><head><title>Twistlet</title></head><body>"
                + "<h1>Twistlet is running</h1><ul>"
                + "<li><a href=\"hello/\">hello/</a>, <a href=\"hello/fred/\">hello/fred/</a>: a resource tree</li>"
                + "<li><a href=\"clock\">clock</a>: written three times, finished later (NOT_DONE_YET)</li>"
                + "<li><a href=\"later\">later</a>: a CompletableFuture from a worker thread</li>"
                + "</ul></body></html>";
    }

    /** Says where it is, as the seed's {@code Hello} does; answers for its slash form too. */
    static final class Hello extends Resource {
        @Override
        public dev.twistlet.web.IResource getChild(String name, Request request) {
            return name.isEmpty() ? this : super.getChild(name, request);
        }

        @Override
        public Object renderGet(Request request) {
            return "<html><body>Hello, world! I am located at " + Html.escape(request.getPrepath().toString())
                    + ".</body></html>";
        }
    }

    /** Writes now and twice more later, then finishes. */
    static final class Clock extends Resource {
        @Override
        public Object renderGet(Request request) {
            request.setHeader("Content-Type", "text/plain; charset=utf-8");
            request.write("tick\n");
            request.getSite().callLater(Duration.ofMillis(500), () -> request.write("tock\n"));
            request.getSite().callLater(Duration.ofMillis(1000), () -> {
                request.write("done\n");
                request.finish();
            });
            return NOT_DONE_YET;
        }
    }

    /** Computes its page on a worker thread. */
    static final class Later extends Resource {
        @Override
        public Object renderGet(Request request) {
            CompletableFuture<String> page = request.getSite().deferToThread(
                    () -> "<html><body>Computed on " + Html.escape(Thread.currentThread().getName()) + "</body></html>");
            return page;
        }
    }
}
