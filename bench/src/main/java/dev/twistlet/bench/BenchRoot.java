package dev.twistlet.bench;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.encoding.EncodingResourceWrapper;
import dev.twistlet.web.encoding.GzipEncoderFactory;
import java.util.List;

/**
 * The tree the hello scenarios drive, served by the launcher with {@code --class}:
 * {@code /hello} (one level) and {@code /a/b/c/d/e/hello} (six levels), each answering the
 * same 13 bytes as the raw servlet and Twisted peers; {@code /gzip1/page},
 * {@code /gzip6/page} and {@code /gzip9/page}, a 100 KB page gzipped at that level.
 */
public class BenchRoot extends Resource {
    /** The body every hello peer sends. */
    public static final String HELLO = "Hello, world!";

    /** Builds both trees. */
    public BenchRoot() {
        putChild("hello", new Hello());
        putChild("session", new Count());
        IResource level = new Hello();
        for (String name : new String[] {"e", "d", "c", "b", "a"}) {
            Resource parent = new Resource();
            parent.putChild(name.equals("e") ? "hello" : next(name), level);
            level = parent;
        }
        putChild("a", level);
        for (int gzipLevel : new int[] {1, 6, 9}) {
            Resource holder = new Resource();
            holder.putChild("page", new Page());
            putChild("gzip" + gzipLevel, new EncodingResourceWrapper(holder, List.of(new GzipEncoderFactory(gzipLevel))));
        }
    }

    /** Reads and writes the browser's session under its lock, the seed's counter. */
    public static final class Count extends Resource {
        /** The component. */
        static final class Counter implements java.io.Serializable {
            private static final long serialVersionUID = 1L;
            int value;
        }

        @Override
        public Object renderGet(Request request) {
            dev.twistlet.web.Session session = request.getSession();
            session.getLock().lock();
            try {
                Counter counter = session.getComponent(Counter.class);
                if (counter == null) {
                    counter = new Counter();
                }
                counter.value++;
                session.setComponent(Counter.class, counter);
                return "visit " + counter.value;
            } finally {
                session.getLock().unlock();
            }
        }
    }

    /** The 100 KB page of the compression scenarios. */
    public static final class Page extends Resource {
        @Override
        public Object renderGet(Request request) {
            return BenchPage.HTML;
        }
    }

    private static String next(String name) {
        return String.valueOf((char) (name.charAt(0) + 1));
    }

    /** A leaf answering GET with the hello body. */
    public static final class Hello extends Resource {
        @Override
        public Object renderGet(Request request) {
            return HELLO;
        }
    }
}
