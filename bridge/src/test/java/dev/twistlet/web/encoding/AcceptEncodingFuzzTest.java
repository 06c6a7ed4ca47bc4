package dev.twistlet.web.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Locale;

/**
 * Fuzzes {@link AcceptEncoding#accepts}: any header value, for each coding the server offers,
 * never throws; naming the coding once more without a weight always accepts it; a header that
 * names neither the coding nor {@code *} never does; and case does not matter. Inputs:
 * {@code AcceptEncodingFuzzTestInputs/accepts/}, each file a header value.
 */
class AcceptEncodingFuzzTest {
    private static final String[] CODINGS = {"gzip", "zstd", "br", "deflate", "identity"};

    @FuzzTest
    void accepts(FuzzedDataProvider data) {
        String header = data.consumeRemainingAsString();
        for (String coding : CODINGS) {
            boolean accepted = AcceptEncoding.accepts(header, coding);
            assertThat(AcceptEncoding.accepts(header + "," + coding, coding)).as(coding + " added").isTrue();
            String lower = header.toLowerCase(Locale.ROOT);
            if (!lower.contains(coding) && !lower.contains("*")) {
                assertThat(accepted).as(coding + " never named").isFalse();
            }
            if (header.chars().allMatch(c -> c < 128)) {
                assertThat(AcceptEncoding.accepts(header.toUpperCase(Locale.ROOT), coding))
                        .as(coding + " in upper case").isEqualTo(accepted);
            }
        }
    }
}
