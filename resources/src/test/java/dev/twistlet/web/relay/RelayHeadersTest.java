package dev.twistlet.web.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one header rule, for requests passed upstream and answers passed to the client. */
class RelayHeadersTest {
    static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
            "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade");

    @Test
    void hopByHopHeadersStayBehindBothWaysInAnyCase() {
        for (RelayHeaders rule : List.of(RelayHeaders.forRequest(List.of()), RelayHeaders.forAnswer(List.of()))) {
            assertThat(HOP_BY_HOP).allMatch(rule::drops);
            assertThat(rule.drops("transfer-ENCODING")).isTrue();
            assertThat(rule.drops("Content-Type")).isFalse();
            assertThat(rule.drops("Set-Cookie")).isFalse();
        }
    }

    @Test
    void headersTheConnectionHeaderNamesStayBehind() {
        RelayHeaders rule = RelayHeaders.forAnswer(List.of("close, X-Custom", " x-other ,,"));
        assertThat(rule.drops("x-custom")).isTrue();
        assertThat(rule.drops("X-Other")).isTrue();
        assertThat(rule.drops("X-Custom-Not")).isFalse();
    }

    @Test
    void anAnswersServerAndDateStayBehindARequestsGoUpstream() {
        RelayHeaders answer = RelayHeaders.forAnswer(List.of());
        RelayHeaders request = RelayHeaders.forRequest(List.of());
        assertThat(answer.drops("Server")).isTrue();
        assertThat(answer.drops("date")).isTrue();
        assertThat(request.drops("Date")).isFalse();
        assertThat(request.drops("Server")).isFalse();
    }
}
