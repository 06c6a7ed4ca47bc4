package dev.twistlet.web.observe;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A health page for load balancers and orchestrators: {@code GET} runs every named
 * {@link HealthCheck} and answers {@code 200} with
 * {@code {"status":"UP","checks":[{"name":"db","status":"UP"}]}} when all pass, {@code 503}
 * with {@code "status":"DOWN"} (and each failing check {@code DOWN}) when any fails. With no
 * check it is {@code UP}: the server answers. Checks are listed by name; a failing check is
 * logged with what it threw, which the page does not show. A leaf, {@code GET} (and
 * {@code HEAD}) only, never cached, and mounted only by the application that wants it:
 *
 * <pre>{@code
 * root.putChild("health", new HealthResource().addCheck("db", () -> pool.isRunning()));
 * }</pre>
 */
public class HealthResource extends Resource {
    private static final Logger LOG = LoggerFactory.getLogger(HealthResource.class);
    private final Map<String, HealthCheck> checks = new ConcurrentSkipListMap<>();

    /** A page with no check yet. */
    public HealthResource() {
    }

    /**
     * Adds a check, or replaces the one of that name.
     *
     * @param name  how the page names it
     * @param check the check
     * @return this resource
     */
    public HealthResource addCheck(String name, HealthCheck check) {
        checks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
        return this;
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    /** Runs the checks and answers 200 when every one passes, else 503. */
    @Override
    public Object renderGet(Request request) {
        StringBuilder list = new StringBuilder();
        boolean up = true;
        for (Map.Entry<String, HealthCheck> entry : checks.entrySet()) {
            boolean passed = run(entry.getKey(), entry.getValue());
            up &= passed;
            list.append(list.length() == 0 ? "" : ",").append("{\"name\":").append(quote(entry.getKey()))
                    .append(",\"status\":\"").append(passed ? "UP" : "DOWN").append("\"}");
        }
        request.setResponseCode(up ? 200 : 503);
        request.setHeader("Content-Type", "application/json");
        request.setHeader("Cache-Control", "no-store");
        String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":[" + list + "]}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean run(String name, HealthCheck check) {
        try {
            return check.isUp();
        } catch (Exception e) {
            LOG.warn("Health check {} failed: {}", name, e.toString());
            return false;
        }
    }

    /** A JSON string. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
