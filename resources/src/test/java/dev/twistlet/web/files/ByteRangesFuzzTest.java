package dev.twistlet.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Comparator;
import java.util.List;

/**
 * Fuzzes {@link ByteRanges#parse}: any {@code Range} value against files of several lengths.
 * It never throws, and whatever it accepts could go out as it is: every part lies inside the
 * file, parts neither overlap nor touch (so no byte is sent twice), and there are at most
 * {@link ByteRanges#MAX_RANGES} of them. Inputs: {@code ByteRangesFuzzTestInputs/parse/},
 * each file a header value.
 */
class ByteRangesFuzzTest {
    private static final long[] LENGTHS = {0, 1, 2, 100, 10 * 1024 * 1024, Long.MAX_VALUE};

    @FuzzTest
    void parse(FuzzedDataProvider data) {
        String header = data.consumeRemainingAsString();
        for (long length : LENGTHS) {
            ByteRanges.Result result = ByteRanges.parse(header, length);
            if (result instanceof ByteRanges.Parts parts) {
                check(parts.ranges(), length);
            }
        }
    }

    private static void check(List<ByteRanges.Range> ranges, long length) {
        assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(ByteRanges.MAX_RANGES);
        long sent = 0;
        for (ByteRanges.Range r : ranges) {
            assertThat(r.first()).isBetween(0L, r.last());
            assertThat(r.last()).isLessThan(length);
            sent += r.length();
        }
        assertThat(sent).isLessThanOrEqualTo(length);
        List<ByteRanges.Range> sorted = ranges.stream()
                .sorted(Comparator.comparingLong(ByteRanges.Range::first)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).first()).as("a gap before %s", sorted.get(i))
                    .isGreaterThan(sorted.get(i - 1).last() + 1);
        }
    }
}
