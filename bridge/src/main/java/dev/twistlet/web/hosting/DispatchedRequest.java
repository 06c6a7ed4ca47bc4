package dev.twistlet.web.hosting;

import dev.twistlet.web.FormArguments;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request a forwarded, included or async-dispatched servlet sees (Servlet 6, section
 * 9): a forward and an async dispatch show the target's path and the original's in
 * attributes; an include shows the original's path and the target's in attributes. The
 * target's query parameters come before the original's.
 */
final class DispatchedRequest extends HttpServletRequestWrapper {
    private final DispatcherType type;
    private final String uri;
    private final String pathInfo;
    private final String query;
    private final HttpServletRequest original;
    private Map<String, String[]> parameters;

    DispatchedRequest(HttpServletRequest original, DispatcherType type, String uri, String pathInfo, String query) {
        super(original);
        this.original = original;
        this.type = type;
        this.uri = uri;
        this.pathInfo = pathInfo;
        this.query = query;
    }

    private boolean showsTarget() {
        return type != DispatcherType.INCLUDE;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return type;
    }

    @Override
    public String getRequestURI() {
        return showsTarget() ? uri : original.getRequestURI();
    }

    @Override
    public StringBuffer getRequestURL() {
        if (!showsTarget()) {
            return original.getRequestURL();
        }
        StringBuffer url = original.getRequestURL();
        int path = url.indexOf("/", url.indexOf("//") + 2);
        url.setLength(Math.max(0, path));
        return url.append(uri);
    }

    @Override
    public String getPathInfo() {
        return showsTarget() ? pathInfo : original.getPathInfo();
    }

    @Override
    public String getServletPath() {
        return "";
    }

    @Override
    public String getQueryString() {
        return showsTarget() && query != null ? query : original.getQueryString();
    }

    @Override
    public Object getAttribute(String name) {
        String prefix = switch (type) {
            case FORWARD -> "jakarta.servlet.forward.";
            case INCLUDE -> "jakarta.servlet.include.";
            case ASYNC -> "jakarta.servlet.async.";
            default -> null;
        };
        if (prefix != null && name.startsWith(prefix)) {
            boolean targetValues = type == DispatcherType.INCLUDE;
            switch (name.substring(prefix.length())) {
                case "request_uri":
                    return targetValues ? uri : original.getRequestURI();
                case "context_path":
                    return original.getContextPath();
                case "servlet_path":
                    return "";
                case "path_info":
                    return targetValues ? pathInfo : original.getPathInfo();
                case "query_string":
                    return targetValues ? query : original.getQueryString();
                default:
                    break;
            }
        }
        return super.getAttribute(name);
    }

    @Override
    public String getParameter(String name) {
        String[] values = getParameterMap().get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        return getParameterMap().get(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public synchronized Map<String, String[]> getParameterMap() {
        if (parameters == null) {
            Map<String, List<String>> merged = new LinkedHashMap<>();
            FormArguments.addTo(merged, query, StandardCharsets.UTF_8);
            original.getParameterMap().forEach((key, values) ->
                    merged.computeIfAbsent(key, k -> new ArrayList<>()).addAll(List.of(values)));
            Map<String, String[]> map = new LinkedHashMap<>();
            merged.forEach((key, values) -> map.put(key, values.toArray(String[]::new)));
            parameters = Collections.unmodifiableMap(map);
        }
        return parameters;
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        return original.getRequestDispatcher(path);
    }

    @Override
    public AsyncContext getAsyncContext() {
        return original.getAsyncContext();
    }
}
