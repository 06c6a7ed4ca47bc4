/**
 * Servlets inside the tree: {@link dev.twistlet.web.hosting.ServletResource} runs a foreign
 * servlet (a legacy {@code HttpServlet}, a Jersey application) as the subtree below where it
 * is mounted, on a thread pool of its own, the counterpart of Twisted's
 * {@code twisted.web.wsgi.WSGIResource}. The servlet sees its mount point as its context and
 * is served its own async, error pages and request dispatching; everything else is the
 * hosting container's request and response, reached through
 * {@link dev.twistlet.web.servlet.ContainerExchange}.
 *
 * <p>The other direction, the tree inside a container, is {@code dev.twistlet.web.servlet}.
 */
package dev.twistlet.web.hosting;
