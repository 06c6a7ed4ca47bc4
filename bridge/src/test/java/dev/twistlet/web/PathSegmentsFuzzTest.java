package dev.twistlet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fuzzes {@link PathSegments}: splitting any raw path either fails with the documented
 * {@link IllegalArgumentException} (a request answered 400) or gives one segment per slash,
 * each only decoded from valid escapes ({@code %} and two ASCII hex digits, RFC 3986); quoting
 * the segments and splitting again gives them back. Inputs: {@code PathSegmentsFuzzTestInputs/split/},
 * each file a raw path.
 */
class PathSegmentsFuzzTest {

    @FuzzTest
    void split(FuzzedDataProvider data) {
        String raw = data.consumeRemainingAsString();
        List<String> segments;
        try {
            segments = PathSegments.split(raw);
        } catch (IllegalArgumentException badPath) {
            return;
        }
        if (raw.isEmpty()) {
            assertThat(segments).isEmpty();
            return;
        }
        long slashes = raw.chars().filter(c -> c == '/').count();
        assertThat(segments).hasSize((int) (raw.startsWith("/") ? slashes : slashes + 1));
        for (int at = raw.indexOf('%'); at >= 0; at = raw.indexOf('%', at + 1)) {
            assertThat(raw.length()).as("an escape at %d is complete", at).isGreaterThan(at + 2);
            assertThat(raw.substring(at + 1, at + 3)).as("the escape at %d", at).matches("[0-9A-Fa-f]{2}");
        }
        if (segments.stream().allMatch(PathSegmentsFuzzTest::wellFormed)) {
            String quoted = segments.stream().map(PathSegments::quote).collect(Collectors.joining("/", "/", ""));
            assertThat(quoted).matches("[A-Za-z0-9._~%/-]*");
            assertThat(PathSegments.split(quoted)).isEqualTo(segments);
        }
    }

    /** Whether {@code s} has no lone surrogate, which UTF-8 cannot carry. */
    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
