package dev.twistlet.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes {@link ASISProcessor#head}, the reading of an {@code .asis} file's status line and
 * headers: any bytes either give a status the servlet API can send and headers a container
 * can write, or fail with the {@link IllegalStateException} that answers 500. Inputs:
 * {@code ASISProcessorFuzzTestInputs/head/}, each file the start of an {@code .asis} file.
 */
class ASISProcessorFuzzTest {

    @FuzzTest
    void head(FuzzedDataProvider data) throws IOException {
        byte[] file = data.consumeRemainingAsBytes();
        ByteArrayInputStream in = new ByteArrayInputStream(file);
        ASISProcessor.Head head;
        try {
            head = ASISProcessor.head(in);
        } catch (IllegalStateException malformed) {
            return;
        }
        assertThat(head.code()).isBetween(100, 599);
        for (String[] header : head.headers()) {
            assertThat(header[0]).as("header name").isNotEmpty().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
            assertThat(header[1]).as("value of %s", header[0]).doesNotContainPattern("[\\x00-\\x08\\x0a-\\x1f\\x7f]");
        }
    }
}
