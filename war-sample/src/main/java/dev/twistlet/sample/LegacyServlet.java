package dev.twistlet.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A plain {@code HttpServlet} of the kind an older application has, run by a {@code ServletResource}. */
public class LegacyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=utf-8");
        resp.getWriter().print("legacy servlet at " + req.getContextPath() + " path " + req.getPathInfo());
    }
}
