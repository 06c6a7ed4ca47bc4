package dev.twistlet.web.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {

    @Test
    void readsTokensInAnyCaseWithWeights() {
        assertThat(AcceptEncoding.accepts("gzip, deflate, br", "gzip")).isTrue();
        assertThat(AcceptEncoding.accepts("GZip", "gzip")).isTrue();
        assertThat(AcceptEncoding.accepts("x-gzip", "gzip")).isTrue();
        assertThat(AcceptEncoding.accepts("br;q=1.0, gzip;q=0.5", "gzip")).isTrue();
        assertThat(AcceptEncoding.accepts("deflate, br", "gzip")).isFalse();
        assertThat(AcceptEncoding.accepts(null, "gzip")).isFalse();
        assertThat(AcceptEncoding.accepts("", "gzip")).isFalse();
    }

    @Test
    void qZeroRefusesAndStarCountsForCodingsNotNamed() {
        assertThat(AcceptEncoding.accepts("gzip;q=0", "gzip")).isFalse();
        assertThat(AcceptEncoding.accepts("gzip; Q=0.000", "gzip")).isFalse();
        assertThat(AcceptEncoding.accepts("*", "gzip")).isTrue();
        assertThat(AcceptEncoding.accepts("*;q=0", "gzip")).isFalse();
        assertThat(AcceptEncoding.accepts("*, gzip;q=0", "gzip")).isFalse();
        assertThat(AcceptEncoding.accepts("zstd;q=0, *", "gzip")).isTrue();
        assertThat(AcceptEncoding.accepts("gzip;q=bogus", "gzip")).isFalse();
    }
}
