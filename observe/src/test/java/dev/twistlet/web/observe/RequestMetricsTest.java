package dev.twistlet.web.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code http_server_requests_seconds} over a real socket, read back through the Prometheus parser. */
class RequestMetricsTest {
    static final String COUNT = "http_server_requests_seconds_count";

    /** {@code /ok} answers GET and POST, {@code /boom} fails, {@code /go} redirects; anything else is a 404. */
    static Resource root() {
        Resource root = new Resource();
        root.putChild("ok", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "ok";
            }

            @Override
            public Object renderPost(Request request) {
                return "posted";
            }
        });
        root.putChild("boom", new Resource() {
            @Override
            public Object renderGet(Request request) {
                throw new IllegalStateException("boom, on purpose");
            }

            @Override
            public Object renderPost(Request request) {
                throw new IllegalStateException("boom, on purpose");
            }
        });
        root.putChild("go", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.redirect("/ok");
                return "";
            }
        });
        return root;
    }

    @Test
    void countsEachMethodStatusAndOutcomeExactly() throws Exception {
        try (MeteredServer server = new MeteredServer(root())) {
            for (int i = 0; i < 4; i++) {
                assertThat(server.send("GET", "/ok").statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(server.send("POST", "/ok").statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(server.send("GET", "/missing/" + i).statusCode()).isEqualTo(404);
            }
            assertThat(server.send("GET", "/boom").statusCode()).isEqualTo(500);
            assertThat(server.send("POST", "/boom").statusCode()).isEqualTo(500);
            assertThat(server.send("GET", "/go").statusCode()).isEqualTo(302);

            Scrape scrape = server.awaitScrape(s -> total(s) == 13);
            Map<List<String>, Double> counts = scrape.named(COUNT).stream().collect(Collectors.toMap(
                    s -> List.of(s.labels().get("method"), s.labels().get("status"), s.labels().get("outcome")),
                    Scrape.Sample::value));
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
                    List.of("GET", "200", "SUCCESS"), 4.0,
                    List.of("POST", "200", "SUCCESS"), 3.0,
                    List.of("GET", "404", "CLIENT_ERROR"), 3.0,
                    List.of("GET", "500", "SERVER_ERROR"), 1.0,
                    List.of("POST", "500", "SERVER_ERROR"), 1.0,
                    List.of("GET", "302", "REDIRECTION"), 1.0));
            assertThat(scrape.named(COUNT)).allSatisfy(s -> {
                assertThat(s.type()).isEqualTo("histogram");
                assertThat(s.labels().keySet()).containsExactlyInAnyOrder("method", "status", "outcome");
            });
            // The histogram is whole: +Inf holds every request, a sum and buckets from 5 ms to 10 s.
            String[] get200 = {"method", "GET", "status", "200"};
            assertThat(scrape.value("http_server_requests_seconds_bucket", "method", "GET", "status", "200", "le", "+Inf"))
                    .isEqualTo(4.0);
            assertThat(scrape.value("http_server_requests_seconds_sum", get200)).isPositive();
            assertThat(scrape.named("http_server_requests_seconds_bucket").stream()
                    .filter(s -> s.labels().get("method").equals("GET") && s.labels().get("status").equals("200"))
                    .map(s -> s.labels().get("le")).collect(Collectors.toSet()))
                    .contains("0.005", "0.1", "1.0", "10.0", "+Inf");
            assertThat(scrape.value("http_server_requests_active")).isZero();
        }
    }

    @Test
    void labelsStayBoundedWhateverUrlsAndMethodsClientsSend() throws Exception {
        Resource leaf = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public Object renderGet(Request request) {
                return "ok";
            }
        };
        try (MeteredServer server = new MeteredServer(leaf)) {
            Load.run(10_000, 4, i -> assertThat(server.send("GET", "/page/" + i + "?q=" + i).statusCode())
                    .isEqualTo(200));
            for (String junk : List.of("BREW", "PROPFIND", "X-JUNK-1", "X-JUNK-2", "get", "FOO_BAR")) {
                server.send(junk, "/junk/" + junk);
            }
            Scrape scrape = server.awaitScrape(s -> total(s) == 10_006);
            assertThat(total(scrape)).isEqualTo(10_006);
            assertThat(scrape.value(COUNT, "method", "GET", "status", "200")).isEqualTo(10_000);
            Set<String> methods = scrape.named(COUNT).stream().map(s -> s.labels().get("method"))
                    .collect(Collectors.toSet());
            assertThat(methods).containsExactlyInAnyOrder("GET", "OTHER");
            // One series for the pages, one per status the junk got: nothing grows with URLs.
            assertThat(scrape.named(COUNT)).hasSizeLessThanOrEqualTo(3);
            assertThat(scrape.samples()).noneMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains("page")));
        }
    }

    static double total(Scrape scrape) {
        return scrape.named(COUNT).stream().mapToDouble(Scrape.Sample::value).sum();
    }
}
