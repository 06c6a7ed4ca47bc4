package dev.twistlet.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server endpoint string, as {@code twistd}'s {@code --listen} takes it:
 * {@code tcp:8080}, {@code tcp:port=8080:interface=127.0.0.1:backlog=50}. Port 0 asks for
 * a free port. A colon inside a value is written {@code \:}, as in
 * {@code tcp:8080:interface=\:\:1}.
 *
 * @param port      the TCP port, 0 to 65535
 * @param host      the interface to bind, or {@code null} for every interface
 * @param backlog   the accept queue length, or 0 for the default
 * @param spec      the string it was parsed from
 */
public record Endpoint(int port, String host, int backlog, String spec) {

    /**
     * Parses an endpoint string.
     *
     * @param spec e.g. {@code tcp:8080} or {@code tcp:port=8080:interface=127.0.0.1}
     * @return the endpoint
     * @throws IllegalArgumentException with a message naming the mistake
     */
    public static Endpoint parse(String spec) {
        int colon = spec.indexOf(':');
        String type = colon < 0 ? spec : spec.substring(0, colon);
        if (colon < 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("bad endpoint '" + spec + "': expected TYPE:ARGS, e.g. tcp:8080");
        }
        switch (type) {
            case "tcp" -> {
                return tcp(spec, spec.substring(colon + 1));
            }
            case "ssl", "unix" -> throw new IllegalArgumentException("endpoint type '" + type + "' in '" + spec
                    + "' is not supported yet; use tcp:PORT");
            default -> throw new IllegalArgumentException("unknown endpoint type '" + type + "' in '" + spec
                    + "'; expected tcp");
        }
    }

    private static Endpoint tcp(String spec, String args) {
        Map<String, String> named = new LinkedHashMap<>();
        List<String> parts = splitUnescaped(args);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int eq = part.indexOf('=');
            if (eq < 0 && i == 0) {
                named.put("port", part);
            } else if (eq <= 0) {
                throw new IllegalArgumentException("bad endpoint '" + spec + "': '" + part + "' is not NAME=VALUE");
            } else if (named.put(part.substring(0, eq), part.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("bad endpoint '" + spec + "': '" + part.substring(0, eq)
                        + "' given twice");
            }
        }
        for (String name : named.keySet()) {
            if (!List.of("port", "interface", "backlog").contains(name)) {
                throw new IllegalArgumentException("bad endpoint '" + spec + "': unknown argument '" + name
                        + "' (tcp takes port, interface, backlog)");
            }
        }
        if (!named.containsKey("port")) {
            throw new IllegalArgumentException("bad endpoint '" + spec + "': no port");
        }
        int port = number(spec, "port", named.get("port"), 65535);
        int backlog = named.containsKey("backlog") ? number(spec, "backlog", named.get("backlog"), 65535) : 0;
        String host = named.get("interface");
        if (host != null && host.isEmpty()) {
            host = null;
        }
        return new Endpoint(port, host, backlog, spec);
    }

    /** Splits on {@code :} not preceded by a backslash; {@code \\:} stands for a colon, as in Twisted. */
    private static List<String> splitUnescaped(String args) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\\' && i + 1 < args.length()) {
                part.append(args.charAt(++i));
            } else if (c == ':') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static int number(String spec, String name, String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad endpoint '" + spec + "': " + name + " '" + value
                + "' is not a number from 0 to " + max);
    }
}
