package dev.twistlet.launcher;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * How {@link AccessLog} turns one finished request into one line, as {@code --logformat}
 * names it: {@code combined} ({@link CombinedLogFormat}) or {@code json}
 * ({@link JsonLogFormat}). A format is called from many threads at once and keeps no state
 * between calls.
 */
interface AccessLogFormat {
    /** The names {@code --logformat} takes, the default first. */
    String NAMES = "combined or json";

    /**
     * @param request  the request, its response complete
     * @param response its response
     * @return the line, without its line end; never containing a line end
     */
    String line(Request request, Response response);

    /**
     * @param name {@code combined} or {@code json}, or {@code null} for the default, {@code combined}
     * @return the format
     * @throws UsageException for any other name
     */
    static AccessLogFormat named(String name) {
        if (name == null || name.equals("combined")) {
            return new CombinedLogFormat();
        }
        if (name.equals("json")) {
            return new JsonLogFormat();
        }
        throw new UsageException("--logformat " + name + ": use " + NAMES);
    }
}
