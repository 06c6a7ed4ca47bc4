package dev.twistlet.sample;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Every form a render method may return: {@code string}, {@code bytes}, {@code later}
 * ({@code NOT_DONE_YET}, written and finished from the site's scheduler thread) and
 * {@code future} (a stage completed on a worker thread).
 */
public class RenderForms extends Resource {

    /** Builds the four children. */
    public RenderForms() {
        putChild("string", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "a string";
            }
        });
        putChild("bytes", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("Content-Type", "application/octet-stream");
                return "some bytes".getBytes(StandardCharsets.US_ASCII);
            }
        });
        putChild("later", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.write("first, ");
                request.getSite().callLater(Duration.ofMillis(100), () -> {
                    request.write("then from " + (Thread.currentThread().getName().contains("twistlet") ? "the site's thread"
                            : "another thread"));
                    request.finish();
                });
                return NOT_DONE_YET;
            }
        });
        putChild("future", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return request.getSite().deferToThread(() -> "computed on a worker");
            }
        });
    }
}
