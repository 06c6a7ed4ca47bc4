package dev.twistlet.web.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Set;

/**
 * Fuzzes {@link CGIHeaders#read} on whatever a script might print, under a tight and a
 * generous limit. The only failure allowed is {@link CGIHeaders.BadHeaders}; a header block it
 * accepts ends at the first empty line, within the limit, with the stream left at the body,
 * a status from 100 to 599, token names, and no header the container owns. Inputs:
 * {@code CGIHeadersFuzzTestInputs/read/}, each file a script's output.
 */
class CGIHeadersFuzzTest {
    private static final Set<String> OWNED_BY_THE_CONTAINER = Set.of("connection", "keep-alive", "transfer-encoding",
            "upgrade", "te", "trailer", "proxy-authenticate", "proxy-connection", "server", "date");

    @FuzzTest
    void read(FuzzedDataProvider data) throws Exception {
        byte[] output = data.consumeRemainingAsBytes();
        for (int limit : new int[] {24, 64 * 1024}) {
            check(output, limit);
        }
    }

    private static void check(byte[] output, int limit) throws Exception {
        int end = endOfHeaders(output);
        ByteArrayInputStream in = new ByteArrayInputStream(output);
        CGIHeaders headers;
        try {
            headers = CGIHeaders.read(in, limit);
        } catch (CGIHeaders.BadHeaders bad) {
            return;
        }
        if (headers == null) {
            assertThat(end).as("no empty line").isEqualTo(-1);
            assertThat(output.length).isLessThanOrEqualTo(limit);
            return;
        }
        assertThat(end).isBetween(1, limit);
        assertThat(output.length - in.available()).as("bytes read").isEqualTo(end);
        assertThat(headers.status()).isBetween(100, 599);
        for (CGIHeaders.Header h : headers.headers()) {
            assertThat(h.name()).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
            assertThat(OWNED_BY_THE_CONTAINER).doesNotContain(h.name().toLowerCase(Locale.ROOT));
        }
    }

    /** Where the block ends, just past the LF of its first empty line; -1 when it has none. */
    private static int endOfHeaders(byte[] output) {
        int start = 0;
        for (int i = 0; i < output.length; i++) {
            if (output[i] == '\n') {
                int length = i - start;
                if (length == 0 || length == 1 && output[start] == '\r') {
                    return i + 1;
                }
                start = i + 1;
            }
        }
        return -1;
    }
}
