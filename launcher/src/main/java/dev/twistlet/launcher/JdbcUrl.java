package dev.twistlet.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC URL as {@code --session-store} takes it, with the credentials taken out of its query
 * ({@code user=...&password=...}) so that they travel to the pool as settings and the URL
 * can be shown: {@link #toString()} never shows the password.
 *
 * @param url      the URL without {@code user} and {@code password}
 * @param user     the user, or {@code null}
 * @param password the password, or {@code null}
 */
record JdbcUrl(String url, String user, String password) {

    /**
     * @param text e.g. {@code jdbc:postgresql://127.0.0.1:5432/twistlet?user=u&password=p}
     * @return the URL and its credentials
     * @throws UsageException when it is not a JDBC URL
     */
    static JdbcUrl parse(String text) {
        if (text == null || !text.startsWith("jdbc:") || text.length() <= "jdbc:".length()) {
            throw new UsageException("--session-store: give a JDBC URL, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/twistlet?user=twistlet&password=...");
        }
        int q = text.indexOf('?');
        if (q < 0) {
            return new JdbcUrl(text, null, null);
        }
        String user = null;
        String password = null;
        List<String> kept = new ArrayList<>();
        for (String pair : text.substring(q + 1).split("&")) {
            if (pair.startsWith("user=")) {
                user = pair.substring(5);
            } else if (pair.startsWith("password=")) {
                password = pair.substring(9);
            } else if (!pair.isEmpty()) {
                kept.add(pair);
            }
        }
        String base = text.substring(0, q);
        return new JdbcUrl(kept.isEmpty() ? base : base + "?" + String.join("&", kept), user, password);
    }

    /** @return the URL with its user, and the password masked */
    @Override
    public String toString() {
        String shown = url;
        if (user != null) {
            shown += (shown.indexOf('?') < 0 ? "?" : "&") + "user=" + user;
        }
        if (password != null) {
            shown += (shown.indexOf('?') < 0 ? "?" : "&") + "password=***";
        }
        return shown;
    }
}
