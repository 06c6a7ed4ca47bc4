package dev.twistlet.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The argument list of an endpoint string, split and checked, with errors that name the string. */
final class EndpointArgs {
    private final String spec;
    private final Map<String, String> named;

    /**
     * @param spec       the whole endpoint string, for messages (its password masked)
     * @param args       what follows {@code TYPE:}
     * @param positional the name the first argument has when given without one
     * @param allowed    every name this type takes
     */
    EndpointArgs(String spec, String args, String positional, List<String> allowed) {
        this.spec = masked(spec);
        this.named = new LinkedHashMap<>();
        List<String> parts = splitUnescaped(args);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int eq = part.indexOf('=');
            String name = eq < 0 && i == 0 ? positional : eq > 0 ? part.substring(0, eq) : null;
            if (name == null) {
                throw error("'" + hidden(part) + "' is not NAME=VALUE");
            }
            if (!allowed.contains(name)) {
                throw error("unknown argument '" + name + "' (" + spec.substring(0, spec.indexOf(':')) + " takes "
                        + String.join(", ", allowed) + ")");
            }
            if (named.put(name, eq < 0 ? part : part.substring(eq + 1)) != null) {
                throw error("'" + name + "' given twice");
            }
        }
    }

    /** @param name an argument's name @return its value, or {@code null} when not given */
    String get(String name) {
        return named.get(name);
    }

    /**
     * @param name the argument
     * @param max  the largest value allowed
     * @param otherwise the value when not given
     * @return the argument as a number from 0 to {@code max}
     */
    int number(String name, int max, int otherwise) {
        String value = named.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(name + " '" + hidden(value) + "' is not a number from 0 to " + max);
    }

    /** @param message what is wrong @return the exception to throw, naming the string */
    IllegalArgumentException error(String message) {
        return new IllegalArgumentException("bad endpoint '" + spec + "': " + message);
    }

    /**
     * @param spec an endpoint string
     * @return it with each {@code password=} value shown as {@code ***}, for messages and logs
     */
    static String masked(String spec) {
        return spec.replaceAll("(password=)(\\\\:|[^:])*", "$1***");
    }

    /**
     * @param value an argument, or a value, already unescaped
     * @return it with everything after a {@code password=} shown as {@code ***}
     */
    static String hidden(String value) {
        int at = value.indexOf("password=");
        return at < 0 ? value : value.substring(0, at) + "password=***";
    }

    /** Splits on {@code :} not preceded by a backslash; {@code \:} stands for a colon, as in Twisted. */
    private static List<String> splitUnescaped(String args) {
        List<String> parts = new ArrayList<>();
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
}
