package dev.twistlet.launcher.it;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The tree of the graceful-stop tests: {@code /} answers {@code ok} at once (the load of a
 * rolling restart); {@code /held?id=NAME&ms=N} writes {@code start;}, holds the response open
 * ({@code NOT_DONE_YET}) and finishes it with {@code  end} N ms later. How each held response
 * ended is appended to the file {@code TWISTLET_HELD_LOG} names: {@code NAME finished}, or
 * {@code NAME failed: TYPE: MESSAGE} from its {@code notifyFinish()}. Anything else is 404.
 */
public class HeldResource extends Resource {

    public HeldResource() {
        putChild("held", new Resource() {
            @Override
            public Object renderGet(Request request) {
                String id = request.getArg("id");
                long ms = Long.parseLong(request.getArg("ms"));
                request.notifyFinish().whenComplete((ok, failure) -> record(id + (failure == null ? " finished"
                        : " failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage())));
                request.write("start;");
                request.getSite().callLater(Duration.ofMillis(ms), () -> {
                    request.write(" end");
                    request.finish();
                });
                return NOT_DONE_YET;
            }
        });
    }

    private static void record(String line) {
        String log = System.getenv("TWISTLET_HELD_LOG");
        if (log == null) {
            return;
        }
        try {
            Files.writeString(Path.of(log), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public IResource getChild(String name, Request request) {
        return name.isEmpty() ? this : super.getChild(name, request);
    }

    @Override
    public Object renderGet(Request request) {
        return "ok";
    }
}
