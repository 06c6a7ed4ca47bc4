package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --logformat json} on a {@link WebServer}: every request is one line that a real JSON
 * parser reads back with the fields of {@code docs/access-log.md}, in their order, whatever
 * many threads log at once and whatever bytes a client puts in its request.
 */
class JsonAccessLogTest {
    /** Every field of a line, in the order written: the list of docs/access-log.md. */
    static final List<String> FIELDS = List.of("remote_addr", "remote_user", "time", "method", "uri", "protocol",
            "status", "bytes_sent", "referer", "user_agent", "duration_ms");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern N = Pattern.compile("[?&]n=(\\d+)$");

    @TempDir
    Path dir;

    /** {@code /ok}: GET answers "ok", POST answers 201 "made", DELETE 405; anything else 404. */
    private static Site site() {
        Resource root = new Resource();
        root.putChild("ok", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "ok";
            }

            @Override
            public Object renderPost(Request request) {
                request.setResponseCode(201);
                return "made";
            }
        });
        return new Site(root);
    }

    private Served served(Path log) throws Exception {
        return Served.site(site(), null, null,
                server -> server.setRequestLog(AccessLog.to(log.toString(), new JsonLogFormat(), System.out)));
    }

    /** Waits for the log to have {@code count} lines (it is written as each response ends). */
    private static List<String> awaitLines(Path log, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.US_ASCII) : List.of();
            if (lines.size() >= count) {
                break;
            }
            Thread.sleep(20);
        }
        return lines;
    }

    /** Parses one line with a real parser and checks it is a whole object with every field, and ASCII only. */
    private static JsonNode parse(String line) throws Exception {
        assertThat(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as("printable ASCII only: %s", line).isTrue();
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as(line).isTrue();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(line).isEqualTo(FIELDS);
        assertThat(node.get("remote_addr").asText()).isEqualTo("127.0.0.1");
        assertThat(node.get("remote_user").isNull()).isTrue();
        OffsetDateTime time = OffsetDateTime.parse(node.get("time").asText());
        assertThat(time.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(Duration.between(time, OffsetDateTime.now()).abs()).isLessThan(Duration.ofMinutes(2));
        assertThat(node.get("status").isInt()).isTrue();
        assertThat(node.get("bytes_sent").canConvertToLong()).isTrue();
        assertThat(node.get("bytes_sent").asLong()).isNotNegative();
        assertThat(node.get("duration_ms").isNumber()).as(line).isTrue();
        assertThat(node.get("duration_ms").decimalValue()).isBetween(java.math.BigDecimal.ZERO,
                java.math.BigDecimal.valueOf(60_000));
        return node;
    }

    @Test
    void twoThousandRequestsFrom32ThreadsAreTwoThousandWholeLinesEachItsOwnRequest() throws Exception {
        Path log = dir.resolve("access.json");
        int requests = 2000;
        try (Served served = served(log)) {
            URI base = URI.create("http://127.0.0.1:" + served.port());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService threads = Executors.newFixedThreadPool(32);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                answers.add(threads.submit(() -> client.send(request(base, n), HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            for (int i = 0; i < requests; i++) {
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).as("request %d", i).isEqualTo(expectedStatus(i));
            }
            threads.shutdown();
            List<String> lines = awaitLines(log, requests);
            assertThat(lines).hasSize(requests);
            Map<Integer, JsonNode> byRequest = new HashMap<>();
            for (String line : lines) {
                JsonNode node = parse(line);
                Matcher m = N.matcher(node.get("uri").asText());
                assertThat(m.find()).as(line).isTrue();
                assertThat(byRequest.put(Integer.parseInt(m.group(1)), node)).as("one line for %s", line).isNull();
            }
            for (int i = 0; i < requests; i++) {
                JsonNode node = byRequest.get(i);
                assertThat(node).as("request %d", i).isNotNull();
                assertThat(node.get("method").asText()).isEqualTo(new String[] {"GET", "POST", "GET", "DELETE"}[i % 4]);
                assertThat(node.get("uri").asText()).isEqualTo(path(i));
                assertThat(node.get("protocol").asText()).isEqualTo("HTTP/1.1");
                assertThat(node.get("status").asInt()).isEqualTo(expectedStatus(i));
                if (i % 4 == 0) {
                    assertThat(node.get("bytes_sent").asLong()).isEqualTo(2);
                } else if (i % 4 == 1) {
                    assertThat(node.get("bytes_sent").asLong()).isEqualTo(4);
                }
                assertThat(node.get("user_agent").asText()).isEqualTo("load/" + i);
                if (i % 2 == 0) {
                    assertThat(node.get("referer").asText()).isEqualTo("http://ref.example/" + i);
                } else {
                    assertThat(node.get("referer").isNull()).as("no Referer is null, not \"-\"").isTrue();
                }
            }
        }
    }

    /** Request {@code n}: GET /ok, POST /ok, GET a missing page, DELETE /ok, in turn; a Referer on every other one. */
    private static HttpRequest request(URI base, int n) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path(n))).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "load/" + n);
        if (n % 2 == 0) {
            builder.header("Referer", "http://ref.example/" + n);
        }
        return switch (n % 4) {
            case 1 -> builder.POST(HttpRequest.BodyPublishers.ofString("body " + n)).build();
            case 3 -> builder.DELETE().build();
            default -> builder.GET().build();
        };
    }

    private static String path(int n) {
        return (n % 4 == 2 ? "/nope/" + n : "/ok") + "?n=" + n;
    }

    private static int expectedStatus(int n) {
        return new int[] {200, 201, 404, 405}[n % 4];
    }

    /** A client's bytes: a string as UTF-8, each byte one ISO-8859-1 character for {@link RawHttp}. */
    private static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * One request written as raw bytes (each character one byte), and what its line must hold;
     * a {@code null} expectation is a JSON {@code null}.
     */
    record Hostile(String bytes, int status, String method, String uri, String referer, String userAgent) {
        static Hostile get(String target, String headers, int status, String referer, String userAgent) {
            return new Hostile("GET " + target + " HTTP/1.1\r\nHost: a\r\n" + headers + "Connection: close\r\n\r\n",
                    status, "GET", target, referer, userAgent);
        }
    }

    @Test
    void nothingAClientSendsBreaksALine() throws Exception {
        // Header values are kept as Jetty reads them, a character per byte (ISO-8859-1): UTF-8 text
        // shows as its bytes, and every byte sent can be recovered from the line.
        String fancy = utf8("caf\u00e9 \u6f22 \ud83d\ude00");
        String forged = "x\", \"status\": 999, \"forged\": \"";
        String agent = "quote \" back \\ tab\tin " + fancy + " " + forged;
        String referer = "http://ref.example/\"}\\{" + fancy;
        List<Hostile> cases = List.of(
                Hostile.get("/ok?q=1", "User-Agent: " + agent + "\r\nReferer: " + referer + "\r\n", 200, referer, agent),
                Hostile.get("/ok?q=2", "User-Agent: latin \u00e9 alone\r\n", 200, null, "latin \u00e9 alone"),
                Hostile.get("/nope/%22a%C3%A9?q=%22%0A%7D%5C", "", 404, null, null),
                // Jetty refuses the rest with 400. Raw UTF-8, a quote or a backslash in the path: the
                // request line was read (its target as UTF-8), so the line shows the path as sent ...
                new Hostile("GET /nope/" + utf8("caf\u00e9\u6f22\ud83d\ude00") + " HTTP/1.1\r\nHost: a\r\n\r\n",
                        400, "GET", "/nope/caf\u00e9\u6f22\ud83d\ude00", null, null),
                Hostile.get("/nope/\"quoted\"", "", 400, null, null),
                Hostile.get("/nope/back\\slash", "", 400, null, null),
                // ... a control character in a header (the headers were not read) ...
                new Hostile("GET /ok?q=3 HTTP/1.1\r\nHost: a\r\nUser-Agent: ctl \u0001 here\r\n\r\n",
                        400, "GET", "/ok?q=3", null, null),
                // ... and in the request line, which then was never read.
                new Hostile("GET /ok\u0001 HTTP/1.1\r\nHost: a\r\n\r\n", 400, null, null, null, null),
                new Hostile("G\"T /ok HTTP/1.1\r\nHost: a\r\n\r\n", 400, null, null, null, null),
                new Hostile("GET /nope/tab\there HTTP/1.1\r\nHost: a\r\n\r\n", 400, null, null, null, null));
        Path log = dir.resolve("hostile.json");
        SoftAssertions soft = new SoftAssertions();
        try (Served served = served(log)) {
            for (int i = 0; i < cases.size(); i++) {
                Hostile c = cases.get(i);
                RawHttp.Exchange exchange = RawHttp.exchange(served.port(), c.bytes());
                assertThat(exchange.statuses()).as("case %d: %s", i, exchange.raw()).hasSize(1);
                List<String> lines = awaitLines(log, i + 1);
                assertThat(lines).as("case %d: one line per request", i).hasSize(i + 1);
                String line = lines.get(i);
                JsonNode node = parse(line);
                assertThat(node.get("status").asInt()).as(line).isEqualTo(exchange.statuses().get(0));
                soft.assertThat(node.get("status").asInt()).as(line).isEqualTo(c.status());
                soft.assertThat(text(node, "method")).as(line).isEqualTo(c.method());
                soft.assertThat(text(node, "uri")).as(line).isEqualTo(c.uri());
                soft.assertThat(text(node, "protocol")).as(line).isEqualTo(c.method() == null ? null : "HTTP/1.1");
                soft.assertThat(text(node, "referer")).as(line).isEqualTo(c.referer());
                soft.assertThat(text(node, "user_agent")).as(line).isEqualTo(c.userAgent());
                // Jetty writes its own 400 page through a response of its own, which it does not count.
                soft.assertThat(node.get("bytes_sent").asLong()).as("%s: %s", line, exchange.raw())
                        .isEqualTo(c.status() == 400 ? 0 : exchange.responses().get(0).body().length());
            }
        }
        soft.assertAll();
    }

    /** @return a string field's text, or {@code null} for a JSON {@code null} */
    private static String text(JsonNode node, String field) {
        assertThat(node.get(field).isTextual() || node.get(field).isNull()).as(field).isTrue();
        return node.get(field).isNull() ? null : node.get(field).asText();
    }
}
