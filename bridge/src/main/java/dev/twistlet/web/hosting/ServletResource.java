package dev.twistlet.web.hosting;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.StreamingResource;
import dev.twistlet.web.servlet.ContainerExchange;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a foreign servlet (a legacy {@code HttpServlet}, a Jersey application) as the
 * subtree below where it is mounted, on a thread pool of its own: the counterpart of
 * Twisted's {@code WSGIResource}.
 *
 * <pre>{@code
 * root.putChild("api", new ServletResource(new ServletContainer(config), ServletResource.pool("api", 16, 64)));
 * }</pre>
 *
 * <p>The servlet sees its mount point as its context: {@code getContextPath()} is the URL
 * path of the prepath (WSGI's {@code SCRIPT_NAME}), {@code getServletPath()} is empty and
 * {@code getPathInfo()} is the postpath ({@code PATH_INFO}, {@code null} when empty). The
 * URI, query, headers, body, cookies, client address and session are the container's, so
 * a session is shared with the resource tree. It is initialised once, on the first request,
 * with the hosting container's {@code ServletContext}, and destroyed when the {@link Site}
 * closes.
 *
 * <p>The container thread only hands the request over; the servlet runs on the pool. When
 * the pool refuses work (its threads and queue are full) the client gets 503 with
 * {@code Retry-After} at once. The servlet may use servlet async ({@code startAsync}),
 * {@code sendError}, {@code sendRedirect}, {@code RequestDispatcher} forwards and includes
 * to paths of its own, and {@code flushBuffer}; an exception is a 500, logged. It reads its
 * request body itself, on its pool, as a servlet does (a {@link StreamingResource}).
 */
public class ServletResource extends Resource implements StreamingResource {
    private static final Logger LOG = LoggerFactory.getLogger(ServletResource.class);

    private final Servlet servlet;
    private final String name;
    private final Map<String, String> initParameters;
    private final Executor pool;
    private final Object initLock = new Object();
    private volatile boolean initialised;
    private ServletException initFailure;

    /**
     * @param servlet the servlet, not yet initialised
     * @param pool    where it runs; bounded, so that a full pool refuses work (see {@link #pool})
     */
    public ServletResource(Servlet servlet, Executor pool) {
        this(servlet, Map.of(), pool);
    }

    /**
     * @param servlet        the servlet, not yet initialised
     * @param initParameters its {@code ServletConfig} init parameters
     * @param pool           where it runs
     */
    public ServletResource(Servlet servlet, Map<String, String> initParameters, Executor pool) {
        this.servlet = servlet;
        this.name = servlet.getClass().getSimpleName();
        this.initParameters = Collections.unmodifiableMap(new LinkedHashMap<>(initParameters));
        this.pool = pool;
    }

    /**
     * @param type           the servlet class, with a public no-argument constructor
     * @param initParameters its init parameters
     * @param pool           where it runs
     * @throws IllegalArgumentException when the class cannot be instantiated
     */
    public ServletResource(Class<? extends Servlet> type, Map<String, String> initParameters, Executor pool) {
        this(instantiate(type), initParameters, pool);
    }

    /**
     * A bounded pool for servlets: {@code threads} daemon threads named after {@code name},
     * a queue of {@code queue} waiting requests, and refusal beyond that (the client gets 503).
     *
     * @param name    thread name prefix
     * @param threads how many requests run at once
     * @param queue   how many more may wait
     * @return the pool; shut it down when done with it
     */
    public static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queue)), task -> {
                    Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** @return the wrapped servlet */
    public Servlet getServlet() {
        return servlet;
    }

    /** @return {@code true}: the servlet owns everything below its mount point */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /** Hands the request to the servlet on the pool, or answers 503 when the pool is full. */
    @Override
    public Object render(Request request) {
        ContainerExchange container = request.unwrap(ContainerExchange.class);
        if (container == null) {
            throw new IllegalStateException("ServletResource needs a request from TwistletServlet");
        }
        initOnce(container.servletRequest().getServletContext(), request.getSite());
        String pathInfo = request.getPostpath().isEmpty() ? null : "/" + String.join("/", request.getPostpath());
        ServletExchange exchange = new ServletExchange(this, pool, request, container.servletRequest(),
                container.servletResponse(), request.getMountPath(), pathInfo);
        request.handOver();
        container.afterService(() -> start(request, exchange));
        return IResource.NOT_DONE_YET;
    }

    /** Runs the exchange on the pool, or answers 503 at once when the pool is full. */
    private void start(Request request, ServletExchange exchange) {
        try {
            pool.execute(exchange::run);
        } catch (RejectedExecutionException e) {
            LOG.warn("{} is busy: {} {} refused with 503", name, request.getMethod(), request.getUri());
            request.writeError(503, "Retry-After", "1", "Service Unavailable", "The server is busy; try again in a moment.");
        }
    }

    private void initOnce(ServletContext context, Site site) {
        if (!initialised) {
            synchronized (initLock) {
                if (!initialised && initFailure == null) {
                    try {
                        servlet.init(new Config(name, context, initParameters));
                        site.whenClosed(this::destroy);
                        initialised = true;
                    } catch (ServletException | RuntimeException e) {
                        initFailure = e instanceof ServletException se ? se : new ServletException(e);
                    }
                }
            }
        }
        if (!initialised) {
            throw new IllegalStateException("servlet " + name + " failed to initialise", initFailure);
        }
    }

    private void destroy() {
        try {
            servlet.destroy();
        } catch (RuntimeException e) {
            LOG.warn("servlet {} failed in destroy()", name, e);
        }
    }

    private static Servlet instantiate(Class<? extends Servlet> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " cannot be instantiated: " + e, e);
        }
    }

    /** The {@code ServletConfig} the servlet is initialised with. */
    private record Config(String name, ServletContext context, Map<String, String> parameters)
            implements jakarta.servlet.ServletConfig {
        @Override
        public String getServletName() {
            return name;
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public String getInitParameter(String parameter) {
            return parameters.get(parameter);
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }
    }
}
