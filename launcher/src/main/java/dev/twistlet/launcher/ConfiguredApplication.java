package dev.twistlet.launcher;

import dev.twistlet.web.Site;
import dev.twistlet.web.script.ScriptCompiler;
import dev.twistlet.web.script.ScriptException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code twistlet -y site.java}: compiles a {@linkplain ConfigurationScript configuration
 * script}, runs it, and serves each site it handed to {@link Application#listen} until
 * SIGTERM or SIGINT. A script that does not compile is a usage mistake: the compiler's
 * messages, with file and line, and status 2.
 */
final class ConfiguredApplication {
    private ConfiguredApplication() {
    }

    /**
     * @param script the configuration script
     * @param pidFile where the PID goes while serving, or {@code null}
     * @param out    where notices go
     * @throws UsageException when the script is missing, does not compile, or listens nowhere
     * @throws Exception      when the script throws or a server fails
     */
    static void serve(Path script, Path pidFile, PrintStream out) throws Exception {
        Path file = script.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new UsageException("-y " + script + ": no such file");
        }
        Class<? extends ConfigurationScript> type;
        try {
            type = ScriptCompiler.compile(file, ConfigurationScript.class, ConfiguredApplication.class.getClassLoader());
        } catch (ScriptException e) {
            throw new UsageException(e.getMessage());
        }
        Application application = new Application();
        type.getConstructor().newInstance().run(file, application);
        if (application.listeners().isEmpty()) {
            throw new UsageException(script + " never calls application.listen(...): nothing to serve");
        }
        Map<Site, List<Endpoint>> sites = new IdentityHashMap<>();
        for (Application.Listener listener : application.listeners()) {
            sites.computeIfAbsent(listener.site(), s -> new ArrayList<>()).add(listener.endpoint());
        }
        List<WebServer> servers = new ArrayList<>();
        for (Map.Entry<Site, List<Endpoint>> site : sites.entrySet()) {
            WebServer server = new WebServer(site.getKey(), site.getValue());
            String name = application.nodeName();
            server.setNodeName(name == null ? NodeName.of(site.getValue())
                    : sites.size() == 1 ? name : name + "-" + (servers.size() + 1));
            if (application.sessionStore() != null) {
                server.setSessionStore(new SessionStore(application.sessionStore()));
            }
            servers.add(server);
        }
        Serving.untilStopped(servers, application.operations(), pidFile, out, "twistlet");
    }
}
