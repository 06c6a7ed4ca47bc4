package dev.twistlet.launcher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's only handler: each path named exactly (no prefixes, no trailing-slash
 * variants) answers {@code GET} and {@code HEAD} through its {@link AdminRoute}; any other
 * path is {@code 404}, any other method on a named path {@code 405}.
 */
final class AdminRoutes extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
    private static final AdminAnswer NOT_FOUND = new AdminAnswer(404, "text/plain", "Not Found\n");
    private static final AdminAnswer NOT_ALLOWED = new AdminAnswer(405, "text/plain", "Method Not Allowed\n");
    private static final AdminAnswer FAILED = new AdminAnswer(500, "text/plain", "Internal Server Error\n");

    private final Map<String, AdminRoute> routes = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException when the path does not start with {@code /} or is taken
     */
    void add(String path, AdminRoute route) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an admin path starts with '/': " + path);
        }
        if (routes.putIfAbsent(path, Objects.requireNonNull(route, "route")) != null) {
            throw new IllegalArgumentException("the admin path " + path + " is taken");
        }
    }

    /** @return the paths routed, sorted */
    List<String> paths() {
        return routes.keySet().stream().sorted().toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        AdminRoute route = routes.get(path);
        if (route == null) {
            send(response, NOT_FOUND, callback);
        } else if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            send(response, NOT_ALLOWED, callback);
        } else {
            send(response, answer(path, route), callback);
        }
        return true;
    }

    private static AdminAnswer answer(String path, AdminRoute route) {
        try {
            return Objects.requireNonNull(route.answer(), "the route's answer");
        } catch (Exception e) {
            LOG.warn("The admin route {} failed", path, e);
            return FAILED;
        }
    }

    private static void send(Response response, AdminAnswer answer, Callback callback) {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        String type = answer.contentType().contains("charset=") ? answer.contentType()
                : answer.contentType() + "; charset=utf-8";
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
