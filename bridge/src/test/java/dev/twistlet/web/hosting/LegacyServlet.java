package dev.twistlet.web.hosting;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A servlet written the old way, run by ServletResource in tests. */
public class LegacyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Released by the test to let {@code /stream} write its second part. */
    static volatile CountDownLatch streamGate = new CountDownLatch(1);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        // An included servlet sees the including request's path; its own is an attribute.
        String path = String.valueOf(req.getDispatcherType() == jakarta.servlet.DispatcherType.INCLUDE
                ? req.getAttribute("jakarta.servlet.include.path_info") : req.getPathInfo());
        switch (path) {
            case "/hello" -> {
                resp.setContentType("text/plain");
                resp.getWriter().print("greeting=" + getInitParameter("greeting")
                        + " site=" + getServletContext().getInitParameter("site")
                        + " contextPath=" + req.getContextPath() + " servletPath=" + req.getServletPath()
                        + " pathInfo=" + req.getPathInfo() + " uri=" + req.getRequestURI()
                        + " query=" + req.getQueryString() + " from=" + req.getParameter("from")
                        + " type=" + req.getDispatcherType());
            }
            case "/redirect" -> resp.sendRedirect("hello");
            case "/forward" -> req.getRequestDispatcher("/hello?from=forward").forward(req, resp);
            case "/include" -> {
                PrintWriter out = resp.getWriter();
                out.print("before|");
                req.getRequestDispatcher("/hello?from=include").include(req, resp);
                out.print("|after");
            }
            case "/session" -> {
                req.getSession().setAttribute("cart", "3 apples");
                resp.getWriter().print("stored in " + req.getSession().getId());
            }
            case "/read-session" -> resp.getWriter().print("component=" + req.getSession().getAttribute("from-tree"));
            case "/missing" -> resp.sendError(404, "No such page here");
            case "/boom" -> throw new ServletException("boom from the legacy servlet");
            case "/stream" -> {
                resp.setContentType("text/plain");
                resp.getOutputStream().print("part one;");
                resp.flushBuffer();
                try {
                    streamGate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.getOutputStream().print("part two");
            }
            case "/async" -> {
                var async = req.startAsync();
                async.start(() -> {
                    try {
                        async.getResponse().getWriter().print("async done on " + Thread.currentThread().getName());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    async.complete();
                });
            }
            default -> resp.sendError(404);
        }
    }
}
