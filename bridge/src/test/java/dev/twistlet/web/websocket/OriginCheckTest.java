package dev.twistlet.web.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

    @Test
    void noOriginIsNotABrowserAndMayConnect() {
        assertThat(OriginCheck.allows(null, "example.com", false, List.of())).isTrue();
    }

    @Test
    void theSameOriginMayConnectWithDefaultPorts() {
        assertThat(OriginCheck.allows("http://example.com", "example.com", false, List.of())).isTrue();
        assertThat(OriginCheck.allows("http://Example.com:80", "example.com", false, List.of())).isTrue();
        assertThat(OriginCheck.allows("https://example.com", "example.com", true, List.of())).isTrue();
        assertThat(OriginCheck.allows("http://127.0.0.1:8080", "127.0.0.1:8080", false, List.of())).isTrue();
        assertThat(OriginCheck.allows("http://[::1]:8080", "[::1]:8080", false, List.of())).isTrue();
    }

    @Test
    void anotherHostOrPortIsRefused() {
        assertThat(OriginCheck.allows("http://evil.example", "example.com", false, List.of())).isFalse();
        assertThat(OriginCheck.allows("http://example.com:8081", "example.com:8080", false, List.of())).isFalse();
        assertThat(OriginCheck.allows("null", "example.com", false, List.of())).isFalse();
        assertThat(OriginCheck.allows("http://example.com", null, false, List.of())).isFalse();
    }

    @Test
    void listedOriginsWidenTheCheck() {
        assertThat(OriginCheck.allows("https://app.example", "api.example", true, List.of("https://app.example")))
                .isTrue();
        assertThat(OriginCheck.allows("https://other.example", "api.example", true, List.of("*"))).isTrue();
    }
}
