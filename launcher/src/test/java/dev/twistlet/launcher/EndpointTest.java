package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesTheShortAndTheNamedForms() {
        assertThat(Endpoint.parse("tcp:8080")).isEqualTo(new Endpoint(8080, null, 0, "tcp:8080"));
        assertThat(Endpoint.parse("tcp:port=8080:interface=127.0.0.1"))
                .isEqualTo(new Endpoint(8080, "127.0.0.1", 0, "tcp:port=8080:interface=127.0.0.1"));
        assertThat(Endpoint.parse("tcp:0:interface=\\:\\:1:backlog=7").host()).isEqualTo("::1");
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
}
