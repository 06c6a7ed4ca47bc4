package dev.twistlet.web.servlet;

import dev.twistlet.web.IResource;
import jakarta.servlet.ServletConfig;

/**
 * Builds the root resource for a {@link TwistletServlet} declared in {@code web.xml}. Name
 * the implementing class in the servlet's {@value TwistletServlet#ROOT_FACTORY} init-param;
 * it needs a public no-argument constructor.
 */
public interface RootFactory {

    /**
     * Builds the tree the servlet publishes; called once, from the servlet's {@code init}.
     *
     * @param config the servlet's configuration (its init-params and context)
     * @return the root resource
     * @throws Exception any failure, which makes the servlet fail to start
     */
    IResource createRoot(ServletConfig config) throws Exception;
}
