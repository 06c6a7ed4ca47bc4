package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link Endpoint#parse}, which reads {@code --listen} strings. {@code spec}: any
 * string either fails with the documented {@link IllegalArgumentException} or gives an
 * endpoint within its ranges that parses again from its own {@link Endpoint#spec()} to an
 * equal one; changing a {@code password=} value changes no message, nor a TLS endpoint's
 * spec or {@code toString}, so none shows the password.
 * {@code tcpRoundTrip}: a {@code tcp:} string written from any port, backlog and interface
 * (colons and backslashes escaped) parses back to those values. Inputs:
 * {@code EndpointFuzzTestInputs/spec/} (endpoint strings) and {@code .../tcpRoundTrip/}.
 */
class EndpointFuzzTest {

    @FuzzTest
    void spec(FuzzedDataProvider data) {
        String spec = data.consumeRemainingAsString();
        String otherPassword = withOtherPassword(spec);
        if (otherPassword != null) {
            assertThat(shown(otherPassword)).as("what shows once the password is changed").isEqualTo(shown(spec));
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(spec);
        } catch (IllegalArgumentException mistake) {
            return;
        }
        if (endpoint instanceof TcpEndpoint tcp) {
            assertThat(tcp.port()).isBetween(0, 65535);
            assertThat(tcp.backlog()).isBetween(0, 65535);
            assertThat(Endpoint.parse(tcp.spec())).isEqualTo(tcp);
        } else if (endpoint instanceof UnixEndpoint unix) {
            assertThat(unix.mode()).isBetween(0, 0777);
            assertThat(unix.path().isAbsolute()).isTrue();
            assertThat(Endpoint.parse(unix.spec())).isEqualTo(unix);
        } else {
            SslEndpoint ssl = (SslEndpoint) endpoint;
            assertThat(ssl.port()).isBetween(0, 65535);
            assertThat(ssl.privateKey() == null).isNotEqualTo(ssl.keystore() == null);
        }
    }

    @FuzzTest
    void tcpRoundTrip(FuzzedDataProvider data) {
        int port = data.consumeInt(0, 65535);
        int backlog = data.consumeInt(0, 65535);
        String host = data.consumeRemainingAsString();
        String spec = "tcp:port=" + port + ":interface=" + escape(host) + ":backlog=" + backlog;
        TcpEndpoint tcp = (TcpEndpoint) Endpoint.parse(spec);
        assertThat(tcp).isEqualTo(new TcpEndpoint(port, host.isEmpty() ? null : host, backlog, spec));
    }

    /** Twisted's quoting: a backslash before each colon and backslash. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    /**
     * What a user or a log sees of parsing {@code spec}: the error message, or for a TLS
     * endpoint its {@code spec()} and {@code toString()}.
     */
    private static String shown(String spec) {
        try {
            Endpoint endpoint = Endpoint.parse(spec);
            return endpoint instanceof SslEndpoint ? endpoint.spec() + " " + endpoint : endpoint.getClass().getName();
        } catch (IllegalArgumentException mistake) {
            return mistake.getMessage();
        }
    }

    /**
     * {@code spec} with the value of its one {@code password=} argument changed, letter for
     * letter, or {@code null} when it has none, several, or one with an escape in it.
     * The value runs to the next colon, as {@link EndpointArgs} splits it.
     */
    private static String withOtherPassword(String spec) {
        int at = spec.indexOf(":password=");
        if (at < 0 || spec.indexOf(":password=", at + 1) >= 0) {
            return null;
        }
        int backslashes = 0;
        while (at - backslashes > 0 && spec.charAt(at - backslashes - 1) == '\\') {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            return null; // an escaped colon: password= is inside another argument's value
        }
        int from = at + ":password=".length();
        int to = spec.indexOf(':', from) < 0 ? spec.length() : spec.indexOf(':', from);
        String value = spec.substring(from, to);
        if (value.indexOf('\\') >= 0) {
            return null; // an escape: the value may end at a later colon
        }
        char other = value.startsWith("Q") ? 'R' : 'Q';
        return spec.substring(0, from) + String.valueOf(other).repeat(value.length()) + spec.substring(to);
    }
}
