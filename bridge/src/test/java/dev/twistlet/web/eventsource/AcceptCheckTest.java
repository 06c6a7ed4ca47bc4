package dev.twistlet.web.eventsource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptCheckTest {

    private static boolean allows(String... accept) {
        return AcceptCheck.allowsEventStream(List.of(accept));
    }

    @Test
    void noOrAnEmptyAcceptAllowsTheStream() {
        assertThat(allows()).isTrue();
        assertThat(allows("")).isTrue();
    }

    @Test
    void whatBrowsersAndToolsSendAllowsIt() {
        assertThat(allows("text/event-stream")).isTrue();
        assertThat(allows("*/*")).isTrue();
        assertThat(allows("text/*")).isTrue();
        assertThat(allows("Text/Event-Stream; charset=utf-8")).isTrue();
        assertThat(allows("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isTrue();
        assertThat(allows("application/json", "text/event-stream")).isTrue();
    }

    @Test
    void anAcceptWithoutItExcludesIt() {
        assertThat(allows("text/html")).isFalse();
        assertThat(allows("application/json, text/plain")).isFalse();
    }

    @Test
    void qualityZeroOnTheMostSpecificRangeExcludesIt() {
        assertThat(allows("text/event-stream;q=0")).isFalse();
        assertThat(allows("*/*, text/event-stream; q=0.0")).isFalse();
        assertThat(allows("text/*;q=0, */*")).isFalse();
        assertThat(allows("*/*;q=0, text/event-stream")).isTrue();
        assertThat(allows("text/event-stream;q=0.001")).isTrue();
    }

    @Test
    void aQualityThatDoesNotParseIsNotWorthA406() {
        assertThat(allows("text/event-stream;q=high")).isTrue();
    }
}
