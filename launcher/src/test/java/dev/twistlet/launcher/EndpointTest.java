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
        assertThatThrownBy(() -> Endpoint.parse("ssl:443")).hasMessageContaining("give privateKey=KEY.pem");
    }

    @Test
    void parsesTlsEndpointsAndHidesTheirPassword() {
        SslEndpoint pem = (SslEndpoint) Endpoint.parse("ssl:8443:privateKey=/k.pem:certKey=/c.pem:extraCertChain=/ch.pem");
        assertThat(pem.port()).isEqualTo(8443);
        assertThat(pem.privateKey()).isEqualTo(Path.of("/k.pem"));
        assertThat(pem.certKey()).isEqualTo(Path.of("/c.pem"));
        assertThat(pem.extraCertChain()).isEqualTo(Path.of("/ch.pem"));
        assertThat(((SslEndpoint) Endpoint.parse("ssl:443:privateKey=/both.pem")).certKey()).isEqualTo(Path.of("/both.pem"));
        SslEndpoint store = (SslEndpoint) Endpoint.parse("ssl:443:keystore=/s.p12:password=se\\:cret:interface=\\:\\:1");
        assertThat(store.password()).isEqualTo("se:cret");
        assertThat(store.spec()).isEqualTo("ssl:443:keystore=/s.p12:password=***:interface=\\:\\:1");
        assertThat(store.toString()).doesNotContain("cret");
        assertThatThrownBy(() -> Endpoint.parse("ssl:443:keystore=/s.p12:password=secret:colour=red"))
                .hasMessageContaining("unknown argument 'colour'").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Endpoint.parse("ssl:443:privateKey=/k.pem:keystore=/s.p12"))
                .hasMessageContaining("give privateKey=KEY.pem");
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
