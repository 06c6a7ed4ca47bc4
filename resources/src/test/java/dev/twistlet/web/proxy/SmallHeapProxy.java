package dev.twistlet.web.proxy;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;

/**
 * A reverse proxy to {@code 127.0.0.1:PORT}, run by {@link BoundedMemoryTest} in a JVM
 * with a heap far smaller than the bodies it carries. Prints {@code port N}, serves until
 * its input closes.
 */
public final class SmallHeapProxy {
    private SmallHeapProxy() {
    }

    /**
     * @param args the upstream's port
     * @throws Exception when serving fails
     */
    public static void main(String[] args) throws Exception {
        JettyFixture.serveUntilInputCloses(new Site(new ReverseProxyResource("127.0.0.1", Integer.parseInt(args[0]), "")));
    }
}
