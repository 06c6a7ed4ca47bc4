package dev.twistlet.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * A Unix domain socket endpoint: {@code unix:/run/web.sock:mode=660:wantPID=1}. The path may
 * start with {@code ~/} for the user's home ({@code $HOME}). The socket file gets
 * {@code mode} (octal; default {@code 600}, owner only, where Twisted's default lets every
 * local user in). With {@code wantPID=1} (or Twisted's newer name {@code lockfile=1}) a
 * lock file {@code PATH.lock} records the server's PID, so that a socket a crashed server
 * left behind is removed at the next start, and one a running server holds is refused.
 *
 * @param path    where the socket file goes
 * @param mode    its permission bits
 * @param wantPid whether a lock file guards it
 * @param backlog the accept queue length, or 0 for the default
 * @param spec    the string it was parsed from
 */
public record UnixEndpoint(Path path, int mode, boolean wantPid, int backlog, String spec) implements Endpoint {

    /** The mode a socket gets when the endpoint names none: the owner only. */
    public static final int DEFAULT_MODE = 0600;

    /**
     * @param spec the whole string
     * @param args what follows {@code unix:}
     * @return the endpoint
     */
    static UnixEndpoint parse(String spec, String args) {
        EndpointArgs named = new EndpointArgs(spec, args, "address",
                List.of("address", "mode", "wantPID", "lockfile", "backlog"));
        String address = named.get("address");
        if (address == null || address.isEmpty()) {
            throw named.error("no socket path");
        }
        if (address.indexOf('\0') >= 0) {
            throw named.error("the socket path contains NUL");
        }
        int mode = DEFAULT_MODE;
        String modeText = named.get("mode");
        if (modeText != null) {
            try {
                mode = Integer.parseInt(modeText, 8);
            } catch (NumberFormatException e) {
                mode = -1;
            }
            if (mode < 0 || mode > 0777) {
                throw named.error("mode '" + EndpointArgs.hidden(modeText)
                        + "' is not octal permission bits such as 600 or 660");
            }
        }
        boolean wantPid = flag(named, "wantPID") || flag(named, "lockfile");
        return new UnixEndpoint(home(address), mode, wantPid, named.number("backlog", 65535, 0), spec);
    }

    private static boolean flag(EndpointArgs named, String name) {
        return named.number(name, 1, 0) == 1;
    }

    /** @param address a path, perhaps starting with {@code ~/} @return it, absolute */
    static Path home(String address) {
        if (address.equals("~") || address.startsWith("~/")) {
            String home = System.getenv("HOME");
            if (home == null || home.isEmpty()) {
                home = System.getProperty("user.home");
            }
            return Path.of(home, address.substring(1).replaceFirst("^/", "")).toAbsolutePath().normalize();
        }
        return Path.of(address).toAbsolutePath().normalize();
    }
}
