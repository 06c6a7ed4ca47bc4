package dev.twistlet.web.servlet;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mockito fakes of one servlet exchange, so the model and the dispatcher can be tested
 * without a socket. The response remembers status, headers and body; "committed" turns
 * true on the first flush or close, as a container's would.
 */
final class ServletFakes {
    final HttpServletRequest request = mock(HttpServletRequest.class);
    final HttpServletResponse response = mock(HttpServletResponse.class);
    final AsyncContext async = mock(AsyncContext.class);
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status = 200;
    boolean committed;
    boolean asyncStarted;
    boolean closed;

    /**
     * @param method      request method
     * @param contextPath servlet context path ({@code ""} for the root)
     * @param servletPath servlet path ({@code ""} for a {@code /*} mapping)
     * @param uri         the raw request URI, context path included
     */
    ServletFakes(String method, String contextPath, String servletPath, String uri) throws Exception {
        this(method, contextPath, servletPath, uri, MappingMatch.PATH, null);
    }

    /**
     * @param match    how the container matched the servlet's mapping
     * @param pathInfo the decoded path info the container computed, or {@code null}
     */
    ServletFakes(String method, String contextPath, String servletPath, String uri, MappingMatch match,
            String pathInfo) throws Exception {
        HttpServletMapping mapping = mock(HttpServletMapping.class);
        lenient().when(mapping.getMappingMatch()).thenReturn(match);
        lenient().when(request.getPathInfo()).thenReturn(pathInfo);
        lenient().when(request.getHttpServletMapping()).thenReturn(mapping);
        lenient().when(request.getMethod()).thenReturn(method);
        lenient().when(request.getRequestURI()).thenReturn(uri);
        lenient().when(request.getContextPath()).thenReturn(contextPath);
        lenient().when(request.getServletPath()).thenReturn(servletPath);
        lenient().when(request.getProtocol()).thenReturn("HTTP/1.1");
        lenient().when(request.getServerName()).thenReturn("example.com");
        lenient().when(request.getServerPort()).thenReturn(80);
        lenient().when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        lenient().when(request.getHeaders(anyString())).thenAnswer(i -> Collections.emptyEnumeration());
        lenient().when(request.getHeaderNames()).thenAnswer(i -> Collections.emptyEnumeration());
        lenient().when(request.getParameterMap()).thenReturn(Map.of());
        lenient().when(request.startAsync()).thenAnswer(i -> {
            asyncStarted = true;
            return async;
        });

        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public void flush() {
                committed = true;
            }

            @Override
            public void close() {
                committed = true;
                closed = true;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        lenient().when(response.getOutputStream()).thenReturn(out);
        lenient().when(response.isCommitted()).thenAnswer(i -> committed);
        lenient().doAnswer(i -> status = i.getArgument(0)).when(response).setStatus(anyInt());
        lenient().doAnswer(i -> {
            String value = i.getArgument(1);
            if (value == null) {
                headers.remove(i.<String>getArgument(0));
            } else {
                headers.put(i.getArgument(0), value);
            }
            return null;
        }).when(response).setHeader(anyString(), any());
        lenient().doAnswer(i -> headers.merge(i.getArgument(0), i.getArgument(1), (a, b) -> a + ", " + b))
                .when(response).addHeader(anyString(), anyString());
        lenient().when(response.getHeader(anyString())).thenAnswer(i -> headers.get(i.<String>getArgument(0)));
        lenient().when(response.getContentType()).thenAnswer(i -> headers.get("Content-Type"));
        lenient().doAnswer(i -> headers.put("Content-Type", i.getArgument(0))).when(response).setContentType(any());
        lenient().doAnswer(i -> headers.put("Content-Length", Long.toString(i.getArgument(0))))
                .when(response).setContentLengthLong(org.mockito.ArgumentMatchers.anyLong());
        lenient().doAnswer(i -> {
            headers.clear();
            body.reset();
            status = 200;
            return null;
        }).when(response).reset();
    }

    /** A GET (or other method) for {@code uri} on a servlet mapped at {@code /*} in the root context. */
    static ServletFakes at(String method, String uri) throws Exception {
        return new ServletFakes(method, "", "", uri);
    }

    ServletFakes header(String name, String value) {
        when(request.getHeader(name)).thenReturn(value);
        when(request.getHeaders(name)).thenAnswer(i -> Collections.enumeration(List.of(value)));
        return this;
    }

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
