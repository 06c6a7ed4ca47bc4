package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesTheShortAndTheNamedForms() {
        assertThat(Endpoint.parse("tcp:8080")).isEqualTo(new TcpEndpoint(8080, null, 0, "tcp:8080"));
        assertThat(Endpoint.parse("tcp:port=8080:interface=127.0.0.1"))
                .isEqualTo(new TcpEndpoint(8080, "127.0.0.1", 0, "tcp:port=8080:interface=127.0.0.1"));
        assertThat(((TcpEndpoint) Endpoint.parse("tcp:0:interface=\\:\\:1:backlog=7")).host()).isEqualTo("::1");
    }

    @Test
    void namesEachMistake() {
        assertThatThrownBy(() -> Endpoint.parse("8080")).hasMessageContaining("expected TYPE:ARGS");
        assertThatThrownBy(() -> Endpoint.parse("tcp:")).hasMessageContaining("expected TYPE:ARGS");
        assertThatThrownBy(() -> Endpoint.parse("tcp:http")).hasMessageContaining("port 'http' is not a number");
        assertThatThrownBy(() -> Endpoint.parse("tcp:70000")).hasMessageContaining("from 0 to 65535");
        assertThatThrownBy(() -> Endpoint.parse("tcp:8080:colour=blue")).hasMessageContaining("unknown argument 'colour'");
        assertThatThrownBy(() -> Endpoint.parse("tcp:interface=127.0.0.1")).hasMessageContaining("no port");
        assertThatThrownBy(() -> Endpoint.parse("tcp:8080:port=9")).hasMessageContaining("'port' given twice");
        assertThatThrownBy(() -> Endpoint.parse("udp:53")).hasMessageContaining("unknown endpoint type 'udp'");
        assertThatThrownBy(() -> Endpoint.parse("ssl:443")).hasMessageContaining("not supported yet");
    }

    @Test
    void parsesUnixSocketsWithTheirModeAndLock() {
        assertThat(Endpoint.parse("unix:/run/web.sock"))
                .isEqualTo(new UnixEndpoint(Path.of("/run/web.sock"), 0600, false, 0, "unix:/run/web.sock"));
        assertThat(Endpoint.parse("unix:/run/web.sock:mode=660:wantPID=1"))
                .isEqualTo(new UnixEndpoint(Path.of("/run/web.sock"), 0660, true, 0, "unix:/run/web.sock:mode=660:wantPID=1"));
        assertThat(((UnixEndpoint) Endpoint.parse("unix:address=/a/../b.sock:lockfile=1")).path()).isEqualTo(Path.of("/b.sock"));
        assertThat(((UnixEndpoint) Endpoint.parse("unix:~/x.sock")).path())
                .isEqualTo(Path.of(System.getenv().getOrDefault("HOME", System.getProperty("user.home")), "x.sock")
                        .toAbsolutePath().normalize());
        assertThat(((UnixEndpoint) Endpoint.parse("unix:rel.sock")).path()).isEqualTo(Path.of("rel.sock").toAbsolutePath());
    }

    @Test
    void namesEachUnixMistake() {
        assertThatThrownBy(() -> Endpoint.parse("unix:mode=600")).hasMessageContaining("no socket path");
        assertThatThrownBy(() -> Endpoint.parse("unix:/s:mode=999")).hasMessageContaining("mode '999' is not octal");
        assertThatThrownBy(() -> Endpoint.parse("unix:/s:wantPID=yes")).hasMessageContaining("wantPID 'yes' is not a number from 0 to 1");
        assertThatThrownBy(() -> Endpoint.parse("unix:/s:port=80")).hasMessageContaining("unknown argument 'port'");
    }
}
