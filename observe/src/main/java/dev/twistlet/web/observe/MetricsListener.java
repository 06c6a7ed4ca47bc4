package dev.twistlet.web.observe;

import dev.twistlet.web.servlet.TwistletServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Metrics for a web application, declared in its {@code web.xml}:
 *
 * <pre>{@code
 * <listener>
 *   <listener-class>dev.twistlet.web.observe.MetricsListener</listener-class>
 * </listener>
 * }</pre>
 *
 * <p>As the application starts it makes the context's {@link TwistletMetrics} (see
 * {@link #of}), whose {@link dev.twistlet.web.SiteMonitor} every {@link TwistletServlet}
 * of the application then gives the site it builds; it counts the application's sessions;
 * and it closes the metrics as the application stops. Requests are timed by
 * {@link RequestMetricsFilter}; the metrics are served by a {@link MetricsResource} the
 * application mounts. Nothing is measured or served unless the application declares these.
 */
public class MetricsListener implements ServletContextListener, HttpSessionListener {
    /** The context attribute holding the application's {@link TwistletMetrics}. */
    public static final String ATTRIBUTE = TwistletMetrics.class.getName();
    private static final Object LOCK = new Object();

    private volatile TwistletMetrics metrics;

    /** For the container, which makes it from {@code web.xml}. */
    public MetricsListener() {
    }

    /**
     * Returns the application's metrics, making them on first use: the context attribute
     * {@value #ATTRIBUTE} (an application may put metrics of its own there first, e.g. with a
     * {@code uri} label), whose site monitor is also put in {@link TwistletServlet#MONITOR_ATTRIBUTE}.
     *
     * @param context the application's context
     * @return its metrics, the same on every call
     */
    public static TwistletMetrics of(ServletContext context) {
        synchronized (LOCK) {
            if (context.getAttribute(ATTRIBUTE) instanceof TwistletMetrics existing) {
                if (context.getAttribute(TwistletServlet.MONITOR_ATTRIBUTE) == null) {
                    context.setAttribute(TwistletServlet.MONITOR_ATTRIBUTE, existing.siteMonitor());
                }
                return existing;
            }
            TwistletMetrics made = new TwistletMetrics();
            context.setAttribute(ATTRIBUTE, made);
            context.setAttribute(TwistletServlet.MONITOR_ATTRIBUTE, made.siteMonitor());
            return made;
        }
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        metrics = of(event.getServletContext());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        TwistletMetrics own = metrics;
        if (own != null) {
            event.getServletContext().removeAttribute(ATTRIBUTE);
            own.close();
        }
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        TwistletMetrics own = metrics;
        if (own != null) {
            own.sessionListener().sessionCreated(event);
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        TwistletMetrics own = metrics;
        if (own != null) {
            own.sessionListener().sessionDestroyed(event);
        }
    }
}
