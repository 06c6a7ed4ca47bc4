package dev.twistlet.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.servlet.ChildJvm;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * 100 MB each way through a reverse proxy whose JVM has a 48 MB heap: if the proxy held a
 * body in memory it would fail with OutOfMemoryError; streamed, both arrive whole.
 */
class BoundedMemoryTest {
    static final long SIZE = 100L * 1024 * 1024;

    @Test
    void hundredMegabytesEachWayInA48MegabyteHeap() throws Exception {
        try (Upstream upstream = new Upstream()) {
            try (ChildJvm proxy = ChildJvm.start(ChildJvm.currentJava(), List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"),
                    SmallHeapProxy.class, Integer.toString(upstream.port()))) {
                String base = "http://127.0.0.1:" + proxy.port();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

                HttpResponse<InputStream> down = client.send(HttpRequest.newBuilder(URI.create(base + "/big?bytes=" + SIZE)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(down.statusCode()).isEqualTo(200);
                CRC32 downCrc = new CRC32();
                long downBytes = 0;
                try (InputStream in = down.body()) {
                    byte[] buffer = new byte[65536];
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        downCrc.update(buffer, 0, n);
                        downBytes += n;
                    }
                }
                assertThat(downBytes).isEqualTo(SIZE);
                assertThat(downCrc.getValue()).isEqualTo(expectedCrc());

                HttpResponse<String> up = client.send(HttpRequest.newBuilder(URI.create(base + "/count"))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new PatternStream(SIZE)), SIZE)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(up.body()).isEqualTo(SIZE + " " + expectedCrc());
                assertThat(proxy.isAlive()).as("the proxy survived").isTrue();
            }
        }
    }

    private static long expectedCrc() {
        CRC32 crc = new CRC32();
        byte[] block = Upstream.pattern(65536);
        for (long left = SIZE; left > 0; left -= block.length) {
            crc.update(block, 0, (int) Math.min(block.length, left));
        }
        return crc.getValue();
    }

    /** The upstream's byte pattern, generated as it is read. */
    static final class PatternStream extends InputStream {
        private final byte[] block = Upstream.pattern(65536);
        private long left;
        private int position;

        PatternStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, left), block.length - position);
            System.arraycopy(block, position, into, offset, n);
            position = (position + n) % block.length;
            left -= n;
            return n;
        }
    }
}
