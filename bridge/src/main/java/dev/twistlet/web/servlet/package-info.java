/**
 * The servlet side: {@link dev.twistlet.web.servlet.TwistletServlet} maps a container's
 * requests onto a resource tree, through the servlet API only, so it runs in any Jakarta
 * Servlet 6 container.
 */
package dev.twistlet.web.servlet;
