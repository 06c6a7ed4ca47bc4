package dev.twistlet.web.proxy;

import dev.twistlet.web.Request;
import dev.twistlet.web.Site;
import java.util.concurrent.Executor;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty {@link HttpClient} a proxy forwards with: the one its options name, or one
 * started on first use and stopped when the site closes. Set up to pass messages through
 * untouched: no redirects followed, no content decoded, no {@code User-Agent} of its own,
 * and no cookie store (a stored cookie would be sent upstream on behalf of every other
 * client). Its connection pool keeps upstream connections alive between requests. It runs
 * on the container's worker pool when the container shares it, as Jetty's
 * {@code ProxyServlet} does, and on threads of its own otherwise. A client on the
 * container's pool stops when that pool starts to stop, if the site has not closed by
 * then: its selector holds a pool thread, which the pool would wait for until its timeout.
 */
final class ProxyClient {
    private final String name;
    private volatile HttpClient client;

    /**
     * @param name  names the threads of a client started here
     * @param given a client to use as it is, or {@code null}
     */
    ProxyClient(String name, HttpClient given) {
        this.name = name;
        this.client = given;
    }

    /**
     * @param request the request to forward; its site's closing stops a client started here
     * @return the client, started
     */
    HttpClient get(Request request) {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    Executor shared = request.getContainerExecutor();
                    HttpClient started = start(shared);
                    stopWithSiteOrPool(started, request.getSite(), shared);
                    client = started;
                    c = started;
                }
            }
        }
        return c;
    }

    private HttpClient start(Executor shared) {
        HttpClient started = new HttpClient();
        if (shared != null) {
            // Already started, so the client uses it without stopping it at its own stop.
            started.setExecutor(shared);
        } else {
            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName(name);
            threads.setDaemon(true);
            started.setExecutor(threads);
        }
        started.setHttpCookieStore(new HttpCookieStore.Empty());
        started.setFollowRedirects(false);
        started.getContentDecoderFactories().clear();
        started.setUserAgentField(null);
        started.setConnectTimeout(5_000);
        started.setMaxConnectionsPerDestination(256);
        started.setSslContextFactory(new SslContextFactory.Client());
        try {
            started.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the proxy's HTTP client", e);
        }
        return started;
    }

    /**
     * Stops {@code started} when the site closes or, for a client on the container's pool,
     * when that pool starts to stop, whichever comes first: an embedding server may stop
     * before closing its site.
     */
    private static void stopWithSiteOrPool(HttpClient started, Site site, Executor shared) {
        LifeCycle pool = shared instanceof LifeCycle lifeCycle ? lifeCycle : null;
        LifeCycle.Listener poolStopping = new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                stop(started);
            }
        };
        if (pool != null) {
            pool.addEventListener(poolStopping);
        }
        site.whenClosed(() -> {
            if (pool != null) {
                pool.removeEventListener(poolStopping);
            }
            stop(started);
        });
    }

    private static void stop(HttpClient started) {
        try {
            started.stop();
        } catch (Exception e) {
            // stopping is best effort
        }
    }
}
