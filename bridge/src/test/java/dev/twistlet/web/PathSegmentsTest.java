package dev.twistlet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {

    @Test
    void splitsLikeTwisted() {
        assertThat(PathSegments.split("/")).containsExactly("");
        assertThat(PathSegments.split("/a/")).containsExactly("a", "");
        assertThat(PathSegments.split("/a/b")).containsExactly("a", "b");
        assertThat(PathSegments.split("//")).containsExactly("", "");
        assertThat(PathSegments.split("")).isEmpty();
    }

    @Test
    void decodesEachSegmentAfterSplitting() {
        assertThat(PathSegments.split("/a%2Fb/c")).containsExactly("a/b", "c");
        assertThat(PathSegments.split("/caf%C3%A9/a+b/%25")).containsExactly("café", "a+b", "%");
        assertThat(PathSegments.decode("\uD83D\uDE00%20x")).isEqualTo("\uD83D\uDE00 x");
    }

    @Test
    void rejectsBadEscapesAndNonUtf8() {
        assertThatThrownBy(() -> PathSegments.decode("%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathSegments.decode("abc%2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathSegments.decode("%C3%28")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathSegments.decode("%C0%AE")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotesEverythingButUnreservedCharacters() {
        assertThat(PathSegments.quote("a b/c?d")).isEqualTo("a%20b%2Fc%3Fd");
        assertThat(PathSegments.quote("café-~._")).isEqualTo("caf%C3%A9-~._");
    }
}
