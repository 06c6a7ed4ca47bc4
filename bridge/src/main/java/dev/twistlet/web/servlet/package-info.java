/**
 * The tree inside a container: {@link dev.twistlet.web.servlet.TwistletServlet} maps a
 * container's requests onto a resource tree, through the servlet API only, so it runs in any
 * Jakarta Servlet 6 container. {@link dev.twistlet.web.servlet.ContainerExchange} gives code
 * in the tree the container's own request and response, and
 * {@link dev.twistlet.web.servlet.SocketWatcher} notices clients that leave while a response
 * is held.
 *
 * <p>The other direction, servlets inside the tree, is {@code dev.twistlet.web.hosting}.
 */
package dev.twistlet.web.servlet;
