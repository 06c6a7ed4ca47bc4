package dev.twistlet.web.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WAR way of naming the root: a {@link RootFactory} in an init-param. */
class RootFactoryTest {

    /** A factory as a WAR would ship it; it can read the servlet's init-params. */
    public static class Factory implements RootFactory {
        @Override
        public IResource createRoot(ServletConfig config) {
            Resource root = new Resource();
            root.putChild("greeting", new Resource() {
                @Override
                public Object renderGet(Request request) {
                    return "hello " + config.getInitParameter("who");
                }
            });
            root.putChild("boom", new Resource() {
                @Override
                public Object renderGet(Request request) {
                    throw new IllegalStateException("shown <only> with tracebacks");
                }
            });
            return root;
        }
    }

    @Test
    void theServletBuildsItsSiteFromTheFactory() throws Exception {
        try (JettyFixture jetty = JettyFixture.declared(Map.of(TwistletServlet.ROOT_FACTORY, Factory.class.getName(),
                "who", "world", TwistletServlet.DISPLAY_TRACEBACKS, "true"))) {
            assertThat(jetty.get("/greeting").body()).isEqualTo("hello world");
            HttpResponse<String> boom = jetty.get("/boom");
            assertThat(boom.statusCode()).isEqualTo(500);
            assertThat(boom.body()).contains("shown &lt;only&gt; with tracebacks");
        }
    }

    private static TwistletServlet initialisedWith(Map<String, String> params) throws Exception {
        ServletConfig config = mock(ServletConfig.class);
        ServletContext context = mock(ServletContext.class);
        when(config.getServletContext()).thenReturn(context);
        when(config.getInitParameter(anyString())).thenAnswer(i -> params.get(i.<String>getArgument(0)));
        TwistletServlet servlet = new TwistletServlet();
        servlet.init(config);
        return servlet;
    }

    @Test
    void withoutTheInitParamTheServletRefusesToStart() {
        assertThatThrownBy(() -> initialisedWith(Map.of())).isInstanceOf(ServletException.class)
                .hasMessageContaining("needs the init-param 'rootFactory'");
    }

    @Test
    void aClassThatIsNotAFactoryIsNamed() {
        assertThatThrownBy(() -> initialisedWith(Map.of(TwistletServlet.ROOT_FACTORY, "java.lang.String")))
                .isInstanceOf(ServletException.class)
                .hasMessageContaining("java.lang.String does not implement " + RootFactory.class.getName());
        assertThatThrownBy(() -> initialisedWith(Map.of(TwistletServlet.ROOT_FACTORY, "no.Such")))
                .isInstanceOf(ServletException.class).hasMessageContaining("could not build the root resource with no.Such");
    }

    /** The servlet is permanently unavailable: Jetty answers 404 for it (Tomcat too), never a page of the tree. */
    @Test
    void overHttpABrokenDeclarationServesNothing() throws Exception {
        try (JettyFixture jetty = JettyFixture.declared(Map.of(TwistletServlet.ROOT_FACTORY, "no.Such"))) {
            assertThat(jetty.get("/anything").statusCode()).isIn(404, 503);
        }
    }
}
