package dev.twistlet.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The admin listener's health paths, for a load balancer or an orchestrator:
 * {@code /health/live} is {@code 200} while the process answers at all;
 * {@code /health/ready} is {@code 200} when every check is up and {@code 503} otherwise, with
 * each check named in a small JSON body:
 * <pre>{"status":"UP","checks":[{"name":"listeners","status":"UP"},{"name":"sessionStore","status":"UP"}]}</pre>
 * The {@code listeners} check is up from the moment every listener is bound until the stop
 * signal ({@link Readiness}); each session store shared with other launchers is a check too.
 */
final class HealthRoutes {
    /** The liveness path. */
    static final String LIVE = "/health/live";
    /** The readiness path. */
    static final String READY = "/health/ready";

    private HealthRoutes() {
    }

    /**
     * Routes {@link #LIVE} and {@link #READY} on {@code admin}.
     *
     * @param admin     the admin listener
     * @param readiness the process's course
     * @param servers   the servers whose session stores, if any, are checked
     */
    static void install(AdminServer admin, Readiness readiness, List<WebServer> servers) {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(HealthCheck.of("listeners", () -> readiness.state() == Readiness.State.READY));
        long stores = servers.stream().map(WebServer::getSessionStore).filter(Objects::nonNull).count();
        for (WebServer server : servers) {
            SessionStore store = server.getSessionStore();
            if (store != null) {
                String name = stores == 1 ? "sessionStore" : "sessionStore:" + server.getNodeName();
                checks.add(new SessionStoreCheck(name, store, readiness));
            }
        }
        admin.route(LIVE, () -> AdminAnswer.json(200, "{\"status\":\"UP\"}"));
        admin.route(READY, () -> ready(checks));
    }

    /** @return 200 and {@code UP} when every check is up, else 503 and {@code DOWN}; each check named */
    static AdminAnswer ready(List<HealthCheck> checks) {
        StringBuilder each = new StringBuilder();
        boolean allUp = true;
        for (HealthCheck check : checks) {
            boolean up = check.isUp();
            allUp &= up;
            each.append(each.length() == 0 ? "" : ",").append("{\"name\":\"").append(json(check.name()))
                    .append("\",\"status\":\"").append(up ? "UP" : "DOWN").append("\"}");
        }
        return AdminAnswer.json(allUp ? 200 : 503,
                "{\"status\":\"" + (allUp ? "UP" : "DOWN") + "\",\"checks\":[" + each + "]}");
    }

    /** Check names are ours (letters, digits, {@code :-_}); escaping is belt and braces. */
    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
