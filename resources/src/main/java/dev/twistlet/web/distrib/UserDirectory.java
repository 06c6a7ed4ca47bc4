package dev.twistlet.web.distrib;

import dev.twistlet.web.Html;
import dev.twistlet.web.IResource;
import dev.twistlet.web.NoResource;
import dev.twistlet.web.PathSegments;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.files.Confinement;
import dev.twistlet.web.files.FileResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Users' home pages, the counterpart of Twisted's {@code distrib.UserDirectory}:
 * {@code /users/} lists the users who have a {@code public_html} folder and
 * {@code /users/foo/} serves foo's {@code ~/public_html} as a {@link FileResource} (its
 * own root: nothing outside it is served). Home folders come from the system's password
 * database ({@code /etc/passwd}), or from one base folder ({@code base/foo}), as a test or a
 * shared host may prefer. Unknown users are a 404.
 *
 * <p>{@code /users/foo.twistd/} relays to foo's personal server ({@code twistlet web
 * --personal}) through the Unix socket {@value #USER_SOCKET_NAME} in foo's home, with a
 * {@link ResourceSubscription}; the listing names it when the socket exists.
 */
public class UserDirectory extends Resource {
    /** The personal server's socket, in each user's home (Twisted's {@code .twistd-web-pb}). */
    public static final String USER_SOCKET_NAME = ".twistlet-web.sock";
    /** What a child's name ends with to reach the user's personal server. */
    private static final String PERSONAL = ".twistd";

    private final Supplier<Map<String, Path>> homes;
    private final Map<Path, ResourceSubscription> subscriptions = new ConcurrentHashMap<>();

    /** Homes from {@code /etc/passwd}. */
    public UserDirectory() {
        this(() -> passwd(Path.of("/etc/passwd")));
    }

    /**
     * @param passwordFile a file in {@code /etc/passwd}'s format, read on each request
     * @return a directory of the users it lists, at the home folders it gives
     */
    public static UserDirectory fromPasswordFile(Path passwordFile) {
        return new UserDirectory(() -> passwd(passwordFile));
    }

    /** @param base the folder holding one home folder per user, named after the user */
    public UserDirectory(Path base) {
        this(() -> folders(base));
    }

    private UserDirectory(Supplier<Map<String, Path>> homes) {
        this.homes = homes;
    }

    /** A user's {@code public_html}, the relay to their personal server, or a 404. */
    @Override
    public IResource getChild(String name, Request request) {
        if (name.isEmpty()) {
            return this;
        }
        if (!Confinement.isSafeSegment(name)) {
            return new NoResource("No such user.");
        }
        if (name.endsWith(PERSONAL) && name.length() > PERSONAL.length()) {
            Path home = homes.get().get(name.substring(0, name.length() - PERSONAL.length()));
            if (home == null) {
                return new NoResource("No such user.");
            }
            // One per socket, so each keeps its pooled connections from request to request.
            return subscriptions.computeIfAbsent(home.resolve(USER_SOCKET_NAME), ResourceSubscription::new);
        }
        Path home = homes.get().get(name);
        Path site = home == null ? null : home.resolve("public_html");
        if (site == null || !Files.isDirectory(site)) {
            return new NoResource("No such user.");
        }
        return new FileResource(site);
    }

    /** Lists the users with a home page. */
    @Override
    public Object renderGet(Request request) {
        StringBuilder page = new StringBuilder("<html><head><title>Users</title></head><body><h1>Users</h1><ul>\n");
        homes.get().forEach((user, home) -> {
            if (Files.isDirectory(home.resolve("public_html"))) {
                link(page, user, user);
            }
            if (Files.exists(home.resolve(USER_SOCKET_NAME))) {
                link(page, user + PERSONAL, user + " (personal server)");
            }
        });
        return page.append("</ul></body></html>\n").toString();
    }

    private static void link(StringBuilder page, String child, String text) {
        page.append("<li><a href=\"").append(Html.escape(PathSegments.quote(child))).append("/\">")
                .append(Html.escape(text)).append("</a></li>\n");
    }

    private static Map<String, Path> passwd(Path file) {
        Map<String, Path> homes = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(":");
                if (fields.length >= 6 && !fields[0].isEmpty() && !fields[5].isEmpty()) {
                    homes.put(fields[0], Path.of(fields[5]));
                }
            }
        } catch (IOException e) {
            // no password database: no users
        }
        return homes;
    }

    private static Map<String, Path> folders(Path base) {
        Map<String, Path> homes = new TreeMap<>();
        try (var entries = Files.list(base)) {
            entries.filter(Files::isDirectory).forEach(home -> homes.put(home.getFileName().toString(), home));
        } catch (IOException e) {
            // no base folder: no users
        }
        return homes;
    }
}
