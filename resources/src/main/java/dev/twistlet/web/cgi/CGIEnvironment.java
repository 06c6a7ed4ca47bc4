package dev.twistlet.web.cgi;

import dev.twistlet.web.PathSegments;
import dev.twistlet.web.Request;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment of one CGI run (RFC 3875 section 4.1): the request's meta-variables,
 * the allowed request headers as {@code HTTP_*}, {@code PATH} and the configured server
 * variables, nothing else of the server's own environment.
 */
final class CGIEnvironment {
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private CGIEnvironment() {
    }

    /**
     * @param request       the request being answered
     * @param script        the script's file
     * @param documentRoot  the folder {@code PATH_TRANSLATED} is resolved in
     * @param config        what to pass
     * @param contentLength the body's length, or -1 when there is none
     * @return the variables, in a stable order
     */
    static Map<String, String> of(Request request, Path script, Path documentRoot, CGIConfig config, long contentLength) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", DEFAULT_PATH));
        for (String name : config.passEnvironment()) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(config.environment());

        for (String name : request.getHeaderNames()) {
            if (passes(name, config)) {
                String key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
                env.put(key, String.join(key.equals("HTTP_COOKIE") ? "; " : ", ", request.getHeaders(name)));
            }
        }

        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_SOFTWARE", "Twistlet");
        env.put("SERVER_NAME", request.getHost());
        env.put("SERVER_PORT", Integer.toString(request.getPort()));
        env.put("SERVER_PROTOCOL", request.getProtocol());
        env.put("REQUEST_METHOD", request.getMethod());
        env.put("REQUEST_URI", request.getUri());
        env.put("SCRIPT_NAME", PathSegments.decode(request.getSitePath()) + slashed(request.getPrepath()));
        env.put("SCRIPT_FILENAME", script.toString());
        env.put("DOCUMENT_ROOT", documentRoot.toString());
        String pathInfo = slashed(request.getPostpath());
        if (!pathInfo.isEmpty()) {
            env.put("PATH_INFO", pathInfo);
            env.put("PATH_TRANSLATED", documentRoot.resolve(pathInfo.substring(1)).normalize().toString());
        }
        env.put("QUERY_STRING", request.getQuery() == null ? "" : request.getQuery());
        InetSocketAddress client = request.getClientAddress();
        if (client != null) {
            env.put("REMOTE_ADDR", client.getHostString());
            env.put("REMOTE_PORT", Integer.toString(client.getPort()));
        }
        if (request.isSecure()) {
            env.put("HTTPS", "on");
        }
        String type = request.getHeader("Content-Type");
        if (type != null) {
            env.put("CONTENT_TYPE", type);
        }
        if (contentLength >= 0) {
            env.put("CONTENT_LENGTH", Long.toString(contentLength));
        }
        env.put("REDIRECT_STATUS", "200");
        String user = request.getRemoteUser();
        if (user != null) {
            env.put("REMOTE_USER", user);
            String authType = request.getAuthType();
            if (authType != null) {
                env.put("AUTH_TYPE", authType);
            }
        }
        return env;
    }

    /**
     * @param header a request header's name
     * @param config the allow-list
     * @return whether it becomes an {@code HTTP_*} variable
     */
    static boolean passes(String header, CGIConfig config) {
        if (header.equalsIgnoreCase("Proxy") || header.equalsIgnoreCase("Content-Type")
                || header.equalsIgnoreCase("Content-Length") || header.isEmpty()) {
            return false;
        }
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (!(c == '-' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return config.passHeaders().matcher(header).matches();
    }

    private static String slashed(List<String> segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        return path.toString();
    }
}
