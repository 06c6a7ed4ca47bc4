package dev.twistlet.web.cgi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How CGI scripts are run; immutable, change it with the {@code with...} methods. The
 * defaults are safe: only {@code PATH} of the server's own environment reaches a script,
 * query strings never become arguments, a script runs at most five minutes.
 *
 * @param timeout          how long a script may run before it is killed with its children
 *                         (the client gets 504 if nothing was sent yet)
 * @param passHeaders      request headers whose names match (case-insensitively) become
 *                         {@code HTTP_*} variables; {@code Proxy} never does (httpoxy), nor
 *                         do names with characters other than letters, digits and {@code -}
 * @param passEnvironment  names of the server's environment variables passed on, besides
 *                         {@code PATH}
 * @param environment      variables set for every script, e.g. {@code PHPRC}
 * @param queryArguments   whether a query without {@code =} becomes command-line arguments
 *                         (RFC 3875 4.4); off, since {@code php-cgi} takes them as options
 * @param maxHeaderBytes   the most a script's header block may take; more is a 502
 */
public record CGIConfig(Duration timeout, Pattern passHeaders, List<String> passEnvironment,
        Map<String, String> environment, boolean queryArguments, int maxHeaderBytes) {

    /** The defaults: 5 minutes, every header but {@code Proxy}, only {@code PATH}, no query arguments. */
    public static final CGIConfig DEFAULTS = new CGIConfig(Duration.ofMinutes(5), Pattern.compile(".*"), List.of(),
            Map.of(), false, 64 * 1024);

    /** Checks and copies the components. */
    public CGIConfig {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        passHeaders = Pattern.compile(passHeaders.pattern(), Pattern.CASE_INSENSITIVE);
        passEnvironment = List.copyOf(passEnvironment);
        environment = Map.copyOf(environment);
        if (maxHeaderBytes < 256) {
            throw new IllegalArgumentException("limits too small");
        }
    }

    /** @param timeout how long a script may run @return a copy with it */
    public CGIConfig withTimeout(Duration timeout) {
        return new CGIConfig(timeout, passHeaders, passEnvironment, environment, queryArguments, maxHeaderBytes);
    }

    /**
     * @param headerNames a regular expression over header names, e.g.
     *                    {@code "ACCEPT.*|COOKIE|HOST|IF-.*|REFERER|USER-AGENT"} (Tomcat's default)
     * @return a copy passing only those headers
     */
    public CGIConfig withPassHeaders(String headerNames) {
        return new CGIConfig(timeout, Pattern.compile(headerNames), passEnvironment, environment, queryArguments,
                maxHeaderBytes);
    }

    /** @param names server environment variables to pass on besides {@code PATH} @return a copy with them */
    public CGIConfig withPassEnvironment(String... names) {
        return new CGIConfig(timeout, passHeaders, List.of(names), environment, queryArguments, maxHeaderBytes);
    }

    /** @param variables variables every script gets @return a copy with them */
    public CGIConfig withEnvironment(Map<String, String> variables) {
        return new CGIConfig(timeout, passHeaders, passEnvironment, variables, queryArguments, maxHeaderBytes);
    }

    /** @param enabled whether {@code ?a+b} runs the script with arguments {@code a b} @return a copy */
    public CGIConfig withQueryArguments(boolean enabled) {
        return new CGIConfig(timeout, passHeaders, passEnvironment, environment, enabled, maxHeaderBytes);
    }

    /** @param bytes the most a script's headers may take @return a copy */
    public CGIConfig withMaxHeaderBytes(int bytes) {
        return new CGIConfig(timeout, passHeaders, passEnvironment, environment, queryArguments, bytes);
    }
}
