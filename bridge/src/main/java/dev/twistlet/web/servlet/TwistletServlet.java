package dev.twistlet.web.servlet;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Site;
import dev.twistlet.web.SiteMonitor;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The one servlet that maps container requests onto a resource tree. The path below the
 * servlet's mapping becomes the request's postpath; traversal and rendering follow
 * Twisted's rules (see {@link Request}). Map it with {@code async-supported} on, since
 * {@link IResource#NOT_DONE_YET} and {@code CompletionStage} results use servlet async
 * mode.
 *
 * <p>Embedding code passes a {@link Site}, which it owns and closes. In a WAR, the
 * {@value #ROOT_FACTORY} init-param names a {@link RootFactory} class, and
 * {@value #DISPLAY_TRACEBACKS} may be {@code true}; the servlet then owns its site and
 * closes it in {@link #destroy()}. A missing or broken factory makes the servlet
 * unavailable (containers then answer 404 or 503) with a message naming the problem. A
 * site the servlet builds gets the {@link SiteMonitor} found in the context
 * attribute {@value #MONITOR_ATTRIBUTE} once its factory has run, if there is one.
 *
 * <p>Unless a {@link ConnectionWatcher} is given, the servlet starts a {@link SocketWatcher}
 * of its own, so that {@code notifyFinish()} hears of a client that leaves while its
 * response is held, in Jetty 12 and Tomcat 10/11 alike.
 */
public class TwistletServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Init-param naming the {@link RootFactory} class. */
    public static final String ROOT_FACTORY = "rootFactory";
    /** Init-param: {@code true} shows stack traces on 500 pages (off by default). */
    public static final String DISPLAY_TRACEBACKS = "displayTracebacks";
    /** Context attribute holding the {@link SiteMonitor} for the sites the servlet builds. */
    public static final String MONITOR_ATTRIBUTE = "dev.twistlet.web.SiteMonitor";

    private transient Site site;
    private transient volatile ConnectionWatcher watcher;
    /** The watcher this servlet started for itself (none was given), closed in {@link #destroy()}. */
    private transient SocketWatcher ownedWatcher;
    private boolean ownsSite;

    /** For {@code web.xml}: the site is built from the {@value #ROOT_FACTORY} init-param. */
    public TwistletServlet() {
    }

    /** @param site the site to serve; the caller closes it */
    public TwistletServlet(Site site) {
        this.site = site;
    }

    /** @return the site this servlet serves, once initialised */
    public Site getSite() {
        return site;
    }

    /**
     * Sets how client disconnects are noticed while responses are held open; see
     * {@link ConnectionWatcher}. Without one, the servlet context's
     * {@value ConnectionWatcher#ATTRIBUTE} attribute is used, if any.
     *
     * @param watcher the container's watcher, or {@code null}
     */
    public void setConnectionWatcher(ConnectionWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public void init() throws ServletException {
        if (watcher == null && getServletContext().getAttribute(ConnectionWatcher.ATTRIBUTE) instanceof ConnectionWatcher w) {
            watcher = w;
        }
        if (watcher == null) {
            try {
                // Disconnect callbacks run on the site's scheduler thread, as Twisted's on its reactor.
                SocketWatcher own = new SocketWatcher(task -> site.callLater(java.time.Duration.ZERO, task));
                ownedWatcher = own;
                watcher = own;
            } catch (IOException e) {
                getServletContext().log("Twistlet: no connection watcher (" + e + "); a client that leaves is noticed "
                        + "at the next write");
            }
        }
        if (site != null) {
            return;
        }
        String factoryName = getInitParameter(ROOT_FACTORY);
        if (factoryName == null || factoryName.isBlank()) {
            throw new UnavailableException("TwistletServlet needs the init-param '" + ROOT_FACTORY
                    + "' naming a " + RootFactory.class.getName() + " class");
        }
        IResource root;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(factoryName.trim(), true, loader != null ? loader : getClass().getClassLoader());
            if (!RootFactory.class.isAssignableFrom(type)) {
                throw new UnavailableException(factoryName + " does not implement " + RootFactory.class.getName());
            }
            RootFactory factory = (RootFactory) type.getConstructor().newInstance();
            root = factory.createRoot(getServletConfig());
        } catch (ServletException e) {
            throw e;
        } catch (Exception e) {
            UnavailableException failure = new UnavailableException(
                    "could not build the root resource with " + factoryName + ": " + e);
            failure.initCause(e);
            throw failure;
        }
        if (root == null) {
            throw new UnavailableException(factoryName + ".createRoot returned null");
        }
        Site built = new Site(root);
        built.setDisplayTracebacks(Boolean.parseBoolean(getInitParameter(DISPLAY_TRACEBACKS)));
        // Read after the factory ran, which may have put it there.
        if (getServletContext().getAttribute(MONITOR_ATTRIBUTE) instanceof SiteMonitor monitor) {
            built.setMonitor(monitor);
        }
        site = built;
        ownsSite = true;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (req.getDispatcherType() == DispatcherType.ASYNC) {
            Object cause = req.getAttribute(ServletChannel.ABORT_ATTRIBUTE);
            if (cause != null) {
                throw new ServletException("response aborted after it was committed", (Throwable) cause);
            }
            return;
        }
        if (req.getRequestedSessionId() != null) {
            // Every request that presents a live session refreshes its timeout (containers
            // differ on whether a mere cookie counts as a use; a lookup always does).
            req.getSession(false);
        }
        ServletChannel channel = new ServletChannel(req, resp, watcher);
        try {
            new Request(site, channel).process();
        } finally {
            channel.serviceReturned();
        }
        Throwable aborted = channel.abortedInService();
        if (aborted != null) {
            throw new ServletException("response aborted after it was committed", aborted);
        }
    }

    @Override
    public void destroy() {
        if (ownedWatcher != null) {
            try {
                ownedWatcher.close();
            } catch (IOException e) {
                // the selector is going away anyway
            }
        }
        if (ownsSite && site != null) {
            site.close();
        }
    }
}
