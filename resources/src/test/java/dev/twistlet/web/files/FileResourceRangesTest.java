package dev.twistlet.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range amplification (issue #20): however many overlapping ranges one request names, the
 * answer carries at most the file's size plus the multipart framing. Raw bytes on a socket,
 * so every byte the server sends is counted, on a streamed file and on a cached one.
 */
class FileResourceRangesTest {
    /** Streamed from disk: above FileResource's default in-memory limit of 256 KiB. */
    static final int LARGE = 4 * 1024 * 1024;
    /** Sent from the in-memory cache. */
    static final int SMALL = 100_000;
    /** Room for 32 part headers and the closing boundary; the tests check it is ample. */
    static final int FRAMING = 32 * 128;

    @TempDir
    static Path dir;
    static JettyFixture jetty;
    static byte[] large;
    static byte[] small;

    @BeforeAll
    static void start() throws Exception {
        Random random = new Random(20);
        large = new byte[LARGE];
        random.nextBytes(large);
        small = new byte[SMALL];
        random.nextBytes(small);
        Files.write(dir.resolve("large.bin"), large);
        Files.write(dir.resolve("small.bin"), small);
        jetty = JettyFixture.serve(new Site(new FileResource(dir)));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @Test
    void thirtyTwoWholeFileRangesSendTheFileOnce() throws Exception {
        String range = "bytes=" + String.join(",", Collections.nCopies(32, "0-"));
        for (String name : List.of("large.bin", "small.bin")) {
            byte[] file = name.equals("large.bin") ? large : small;
            Answer a = get("/" + name, range, file.length + FRAMING);
            assertThat(a.status()).as(name).isEqualTo(206);
            assertThat(a.header("Content-Range")).as(name).isEqualTo("bytes 0-" + (file.length - 1) + "/" + file.length);
            assertThat(a.header("Content-Length")).as(name).isEqualTo(Integer.toString(file.length));
            assertThat(a.body()).as(name).isEqualTo(file);
        }
    }

    @Test
    void thirtyTwoStaggeredOpenRangesSendTheFileOnce() throws Exception {
        String range = "bytes=" + IntStream.range(0, 32).mapToObj(i -> i + "-").collect(Collectors.joining(","));
        Answer a = get("/large.bin", range, LARGE + FRAMING);
        assertThat(a.status()).isEqualTo(206);
        assertThat(a.header("Content-Range")).isEqualTo("bytes 0-" + (LARGE - 1) + "/" + LARGE);
        assertThat(a.body()).isEqualTo(large);
    }

    @Test
    void overlappingAndAdjacentRangesAreCoalescedIntoAscendingParts() throws Exception {
        // Three groups once coalesced: 0-2999 (overlaps, and adjacency at 1000/1001), 100 bytes
        // from the middle asked twice (past the end of the small file), and the last 1000
        // bytes asked three ways.
        String range = "bytes=" + LARGE / 2 + "-" + (LARGE / 2 + 99) + ",500-1000,0-999,1001-2999,"
                + (LARGE / 2) + "-" + (LARGE / 2 + 99) + ",-1000," + (LARGE - 1000) + "-," + (LARGE - 10) + "-"
                + (LARGE + 5000) + ",2000-2500";
        for (String name : List.of("large.bin", "small.bin")) {
            byte[] file = name.equals("large.bin") ? large : small;
            int middle = LARGE / 2;
            Answer a = get("/" + name, range, file.length + FRAMING);
            assertThat(a.status()).as(name).isEqualTo(206);
            List<Part> parts = a.parts();
            List<long[]> expected = new ArrayList<>();
            expected.add(new long[] {0, 2999});
            if (middle < file.length) {
                expected.add(new long[] {middle, middle + 99});
            }
            expected.add(new long[] {file.length - 1000, file.length - 1});
            assertThat(parts).as(name).hasSize(expected.size());
            long data = 0;
            for (int i = 0; i < parts.size(); i++) {
                Part p = parts.get(i);
                long[] r = expected.get(i);
                assertThat(p.contentRange()).as(name).isEqualTo("bytes " + r[0] + "-" + r[1] + "/" + file.length);
                assertThat(p.body()).as(name + " part " + i).isEqualTo(Arrays.copyOfRange(file, (int) r[0], (int) r[1] + 1));
                data += p.body().length;
            }
            assertThat(data).as("each byte once").isLessThanOrEqualTo(file.length);
            assertThat(Long.parseLong(a.header("Content-Length"))).isEqualTo(a.body().length);
            assertThat(a.body().length - data).as("framing").isLessThan(FRAMING);
        }
    }

    @Test
    void rangesThatDoNotTouchKeepTheOrderAsked() throws Exception {
        Answer a = get("/large.bin", "bytes=5000-5009,0-9", LARGE);
        assertThat(a.status()).isEqualTo(206);
        assertThat(a.parts()).extracting(Part::contentRange)
                .containsExactly("bytes 5000-5009/" + LARGE, "bytes 0-9/" + LARGE);
    }

    // ------------------------------------------------------------------ raw HTTP/1.1

    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        List<Part> parts() {
            String type = header("Content-Type");
            assertThat(type).startsWith("multipart/byteranges; boundary=");
            byte[] delimiter = ("\r\n--" + type.substring(type.indexOf('=') + 1)).getBytes(StandardCharsets.US_ASCII);
            List<Part> parts = new ArrayList<>();
            int at = indexOf(body, delimiter, 0);
            assertThat(at).as("the body starts with a delimiter").isZero();
            while (true) {
                int lineEnd = at + delimiter.length;
                if (body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                    assertThat(lineEnd + 4).as("nothing after the closing delimiter").isEqualTo(body.length);
                    return parts;
                }
                int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), lineEnd);
                String head = new String(body, lineEnd + 2, headEnd - lineEnd - 2, StandardCharsets.ISO_8859_1);
                int next = indexOf(body, delimiter, headEnd + 4);
                String contentRange = head.lines().filter(l -> l.startsWith("Content-Range: "))
                        .map(l -> l.substring(15)).findFirst().orElseThrow();
                parts.add(new Part(contentRange, Arrays.copyOfRange(body, headEnd + 4, next)));
                at = next;
            }
        }
    }

    record Part(String contentRange, byte[] body) {
    }

    /**
     * Sends a GET with a {@code Range} header and reads the whole answer, failing once more
     * than {@code limit} body bytes arrive instead of reading an amplified answer to its end.
     */
    static Answer get(String path, String range, long limit) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", jetty.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: " + range
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = JettyFixture.readUntil(in, "\r\n\r\n");
            Map<String, String> headers = new TreeMap<>();
            List<String> lines = head.strip().lines().toList();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            assertThat(headers).doesNotContainKey("transfer-encoding");
            long declared = Long.parseLong(headers.get("content-length"));
            assertThat(declared).as("Content-Length of the answer to " + range).isLessThanOrEqualTo(limit);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                body.write(buffer, 0, n);
                assertThat((long) body.size()).as("bytes received for " + range).isLessThanOrEqualTo(limit);
            }
            assertThat((long) body.size()).as("the body is as long as declared").isEqualTo(declared);
            return new Answer(Integer.parseInt(lines.get(0).split(" ")[1]), headers, body.toByteArray());
        }
    }

    static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
