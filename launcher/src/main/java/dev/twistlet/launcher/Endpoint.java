package dev.twistlet.launcher;

/**
 * A server endpoint string, as {@code twistd}'s {@code --listen} takes it: {@code TYPE:ARGS},
 * the first argument positional, the rest {@code NAME=VALUE}, separated by colons; a colon
 * inside a value is written {@code \:}. See {@link TcpEndpoint}, {@link SslEndpoint} and
 * {@link UnixEndpoint}.
 */
public sealed interface Endpoint permits TcpEndpoint, SslEndpoint, UnixEndpoint {

    /** @return the string it was parsed from */
    String spec();

    /**
     * Parses an endpoint string.
     *
     * @param spec e.g. {@code tcp:8080}, {@code tcp:port=8080:interface=127.0.0.1} or
     *             {@code ssl:8443:privateKey=key.pem:certKey=cert.pem} or
     *             {@code unix:/run/web.sock:mode=660:wantPID=1}
     * @return the endpoint
     * @throws IllegalArgumentException with a message naming the mistake
     */
    static Endpoint parse(String spec) {
        int colon = spec.indexOf(':');
        String type = colon < 0 ? spec : spec.substring(0, colon);
        if (colon < 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("bad endpoint '" + EndpointArgs.masked(spec)
                    + "': expected TYPE:ARGS, e.g. tcp:8080");
        }
        String args = spec.substring(colon + 1);
        return switch (type) {
            case "tcp" -> TcpEndpoint.parse(spec, args);
            case "unix" -> UnixEndpoint.parse(spec, args);
            case "ssl" -> SslEndpoint.parse(spec, args);
            default -> throw new IllegalArgumentException("unknown endpoint type '" + type + "' in '"
                    + EndpointArgs.masked(spec) + "'; expected tcp, ssl or unix");
        };
    }
}
