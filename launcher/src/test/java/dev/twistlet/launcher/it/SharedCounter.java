package dev.twistlet.launcher.it;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tree several launchers serve over one session store, in the shared-sessions tests:
 * the seed's counter, changed in place and never set again ({@code /count}); a page that uses
 * no session ({@code /plain}); {@code /expire}; {@code /watch}, whose expiry callback appends
 * the node's name and the session's id to the file {@code TWISTLET_EXPIRED} names (and whose
 * {@code ?timeout=S} sets the session's timeout); {@code /bad}, which sets a
 * component no other server could read.
 */
public class SharedCounter extends Resource {

    /** Not serialisable: the store cannot keep it. */
    public static final class Handle {
        final Thread owner = Thread.currentThread();
    }

    public SharedCounter() {
        putChild("count", new Resource() {
            @Override
            public Object renderGet(Request request) {
                Session session = request.getSession();
                AtomicInteger counter = session.getComponent(AtomicInteger.class);
                if (counter == null) {
                    counter = new AtomicInteger();
                    session.setComponent(AtomicInteger.class, counter);
                }
                return Integer.toString(counter.incrementAndGet());
            }
        });
        putChild("plain", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "plain";
            }
        });
        putChild("expire", new Resource() {
            @Override
            public Object renderGet(Request request) {
                Session session = request.getSession(false);
                if (session == null) {
                    return "none";
                }
                session.expire();
                return "expired";
            }
        });
        putChild("watch", new Resource() {
            @Override
            public Object renderGet(Request request) {
                Session session = request.getSession();
                String timeout = request.getArg("timeout");
                if (timeout != null) {
                    session.setSessionTimeout(Duration.ofSeconds(Long.parseLong(timeout)));
                }
                String line = System.getenv("TWISTLET_NODE") + " " + session.getUid() + "\n";
                Path file = Path.of(System.getenv("TWISTLET_EXPIRED"));
                session.notifyOnExpire(() -> {
                    try {
                        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                return "watching " + session.getUid();
            }
        });
        putChild("bad", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.getSession().setComponent(Handle.class, new Handle());
                return "kept";
            }
        });
    }
}
