package dev.twistlet.web.eventsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventFramesTest {

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Test
    void anEventIsItsFieldsAndABlankLine() {
        assertThat(text(EventFrames.event("tick", "12:00", "7"))).isEqualTo("event: tick\nid: 7\ndata: 12:00\n\n");
        assertThat(text(EventFrames.event(null, "hello", null))).isEqualTo("data: hello\n\n");
    }

    @Test
    void dataIsSplitOnEveryKindOfLineBreak() {
        assertThat(text(EventFrames.event(null, "a\nb\r\nc\rd", null)))
                .isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void emptyLinesOfDataAreKeptSoTheClientJoinsTheSameText() {
        assertThat(text(EventFrames.event(null, "a\n\nb\n", null))).isEqualTo("data: a\ndata: \ndata: b\ndata: \n\n");
        assertThat(text(EventFrames.event(null, "", null))).isEqualTo("data: \n\n");
    }

    @Test
    void dataIsUtf8() {
        assertThat(EventFrames.event(null, "é€", null)).isEqualTo("data: é€\n\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyIdIsSentToResetTheClients() {
        assertThat(text(EventFrames.event(null, "x", ""))).isEqualTo("id: \ndata: x\n\n");
    }

    @Test
    void lineBreaksInTheEventOrIdAreRefused() {
        assertThatThrownBy(() -> EventFrames.event("a\nb", "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a\\nb");
        assertThatThrownBy(() -> EventFrames.event("a\rb", "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventFrames.event(null, "x", "1\r\n2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventFrames.event(null, "x", "1\u00002")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventFrames.event(null, null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void commentsAndRetries() {
        assertThat(text(EventFrames.comment("hi"))).isEqualTo(": hi\n\n");
        assertThat(text(EventFrames.comment("a\nb"))).isEqualTo(": a\n: b\n\n");
        assertThat(text(EventFrames.comment(""))).isEqualTo(":\n\n");
        assertThat(text(EventFrames.KEEP_ALIVE)).isEqualTo(": keep-alive\n\n");
        assertThat(text(EventFrames.retry(Duration.ofSeconds(3)))).isEqualTo("retry: 3000\n\n");
        assertThatThrownBy(() -> EventFrames.retry(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
