package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.observe.LauncherMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site whose root is a {@link FileResource} answers small cached files from
 * {@link CachedFileHandler}, and everything else the usual way. Each
 * test asks a second time what the first asked, so that the second finds the file cache warm:
 * the answers must not differ, and nothing the usual way refuses may come from the cache.
 */
class CachedFileHandlerTest {
    @TempDir
    static Path dir;
    static Path site;
    static final String PAGE = "<p>" + "x".repeat(1020) + "</p>\n";
    static final String SECRET = "not for the web";

    @BeforeAll
    static void files() throws Exception {
        site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("page.html"), PAGE);
        Files.setLastModifiedTime(site.resolve("page.html"), FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
        Files.writeString(site.resolve("data.json"), "{\"a\":1}");
        Files.createDirectories(site.resolve("sub"));
        Files.writeString(site.resolve("sub/index.html"), "sub index");
        Files.createDirectories(site.resolve("empty"));
        Files.write(site.resolve("big.bin"), new byte[300 * 1024]);
        try (var out = new GZIPOutputStream(Files.newOutputStream(site.resolve("notes.txt.gz")))) {
            out.write("zipped".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(site.resolve("x.dyn"), "the script's source");
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(site.resolve("out.txt"), dir.resolve("secret.txt"));
    }

    /** The root as the launcher's {@code --path} builds it, with a processor and a static child. */
    static FileResource root() {
        return root(new FileResource(site));
    }

    static FileResource root(FileResource root) {
        root.addProcessor(".dyn", (file, directory) -> new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "dynamic " + file.getFileName();
            }
        });
        root.putChild("child", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "put child";
            }
        });
        return root;
    }

    static String get(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: t\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** The headers a client sees, but for the date and the connection's. */
    static Map<String, List<String>> headers(RawHttp.Response response) {
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        headers.remove("date");
        headers.remove("connection");
        return headers;
    }

    @Test
    void aCachedFileIsAnsweredWithTheSameStatusHeadersAndBytesAsTheUsualWay() throws Exception {
        try (Served served = Served.site(new Site(root()))) {
            for (String path : List.of("/page.html", "/data.json", "/sub/", "/notes.txt.gz", "/page.html?q=1",
                    "/sub/index.html")) {
                // The first fills the cache, the second comes from it, the third (conditional on
                // a tag that never matches) is the usual way's full answer.
                RawHttp.Exchange exchange = RawHttp.exchange(served.port(), get(path) + get(path)
                        + get(path, "If-None-Match: \"other\"", "Connection: close"));
                assertThat(exchange.statuses()).as(path).containsExactly(200, 200, 200);
                List<RawHttp.Response> answers = exchange.responses();
                assertThat(headers(answers.get(1))).as(path).isEqualTo(headers(answers.get(2)))
                        .isEqualTo(headers(answers.get(0)));
                assertThat(answers.get(1).body()).as(path).isEqualTo(answers.get(2).body());
                assertThat(answers.get(1).headers().keySet()).as(path)
                        .contains("accept-ranges", "content-type", "etag", "last-modified", "content-length");
            }
            RawHttp.Response page = RawHttp.exchange(served.port(), get("/page.html", "Connection: close"))
                    .responses().get(0);
            assertThat(page.body()).isEqualTo(PAGE);
            assertThat(page.header("Last-Modified")).isEqualTo("Fri, 02 Jan 2026 03:04:05 GMT");
            assertThat(page.header("Content-Type")).isEqualTo("text/html");
            RawHttp.Response zipped = RawHttp.exchange(served.port(), get("/notes.txt.gz", "Connection: close"))
                    .responses().get(0);
            assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(zipped.header("Content-Type")).isEqualTo("text/plain");
        }
    }

    @Test
    void aHeadOfACachedFileHasTheGetsHeadersAndNoBody() throws Exception {
        try (Served served = Served.site(new Site(root()))) {
            RawHttp.Response got = RawHttp.exchange(served.port(), get("/page.html") + get("/page.html",
                    "Connection: close")).responses().get(1);
            RawHttp.Exchange head = RawHttp.exchange(served.port(),
                    "HEAD /page.html HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            assertThat(head.closed()).isTrue();
            assertThat(head.raw()).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n");
            assertThat(headers(head.responses().get(0))).isEqualTo(headers(got));
        }
    }

    @Test
    void whatTheCacheCannotAnswerGoesTheUsualWayEveryTime() throws Exception {
        try (Served served = Served.site(new Site(root()))) {
            String tag = RawHttp.exchange(served.port(), get("/page.html", "Connection: close"))
                    .responses().get(0).header("ETag");
            Map<String, String> requests = new LinkedHashMap<>();
            requests.put("big file", get("/big.bin"));
            requests.put("processor", get("/x.dyn"));
            requests.put("static child", get("/child"));
            requests.put("directory without slash", get("/sub"));
            requests.put("listing", get("/empty/"));
            requests.put("missing", get("/nope.html"));
            requests.put("range", get("/page.html", "Range: bytes=0-9"));
            requests.put("matching tag", get("/page.html", "If-None-Match: " + tag));
            requests.put("post", "POST /page.html HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nab");
            requests.put("path parameter", get("/page.html;v=1"));
            List<String> seen = new ArrayList<>();
            for (Map.Entry<String, String> request : requests.entrySet()) {
                RawHttp.Exchange twice = RawHttp.exchange(served.port(), request.getValue() + request.getValue()
                        .replaceFirst("\r\n", "\r\nConnection: close\r\n"));
                assertThat(twice.statuses()).as(request.getKey()).hasSize(2);
                RawHttp.Response first = twice.responses().get(0);
                RawHttp.Response second = twice.responses().get(1);
                assertThat(second.status()).as(request.getKey()).isEqualTo(first.status());
                assertThat(second.body()).as(request.getKey()).isEqualTo(first.body());
                seen.add(request.getKey() + " " + second.status());
                if (request.getKey().equals("big file")) {
                    assertThat(second.body()).hasSize(300 * 1024);
                } else if (request.getKey().equals("processor") || request.getKey().equals("static child")) {
                    assertThat(second.body()).isIn("dynamic x.dyn", "put child");
                }
            }
            assertThat(seen).containsExactly("big file 200", "processor 200", "static child 200",
                    "directory without slash 302", "listing 200", "missing 404", "range 206", "matching tag 304",
                    "post 405", "path parameter 200");
        }
    }

    @Test
    void nothingOutsideTheRootComesOutOfTheCache() throws Exception {
        try (Served served = Served.site(new Site(root()))) {
            for (String path : List.of("/out.txt", "/../secret.txt", "/%2e%2e/secret.txt", "/sub/..%2F..%2Fsecret.txt",
                    "/sub/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/%00", "/%ff")) {
                RawHttp.Exchange twice = RawHttp.exchange(served.port(), get(path) + get(path, "Connection: close"));
                assertThat(twice.raw()).as(path).doesNotContain(SECRET);
                assertThat(twice.statuses()).as(path).isNotEmpty().allMatch(status -> status >= 400);
            }
        }
    }

    @Test
    void aChangedFileShowsOnceItsFactsAreOlderThanTheCachesValidity() throws Exception {
        Path changing = Files.writeString(site.resolve("changing.txt"), "first");
        try (Served served = Served.site(new Site(root()))) {
            assertThat(served.get("/changing.txt").body()).isEqualTo("first");
            assertThat(served.get("/changing.txt").body()).isEqualTo("first");
            Files.writeString(changing, "second, longer");
            Files.setLastModifiedTime(changing, FileTime.from(Instant.now().plusSeconds(5)));
            Thread.sleep(1200);
            assertThat(served.get("/changing.txt").body()).isEqualTo("second, longer");
            assertThat(served.get("/changing.txt").body()).isEqualTo("second, longer");
        }
    }

    @Test
    void metricsTheAccessLogAndAddedHeadersSeeAnswersFromTheCache() throws Exception {
        AtomicReference<LauncherMetrics> metrics = new AtomicReference<>();
        List<String> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Served served = Served.site(new Site(root()), null, null, server -> {
            metrics.set(server.enableMetrics());
            server.addHeaders(List.of(new HttpField("X-Served-By", "twistlet")));
            server.setRequestLog((request, response) -> logged.add(request.getHttpURI().getPath() + " "
                    + response.getStatus()));
        })) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response page = RawHttp.exchange(served.port(), get("/page.html", "Connection: close"))
                        .responses().get(0);
                assertThat(page.header("X-Served-By")).isEqualTo("twistlet");
            }
            String counted = "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\"} 3";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((!metrics.get().scrape().contains(counted) || logged.size() < 3) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(metrics.get().scrape()).contains(counted);
            assertThat(logged).containsExactly("/page.html 200", "/page.html 200", "/page.html 200");
        }
    }

    @Test
    void requestsThatPresentTheSessionCookieKeepTheirSessionAlive() throws Exception {
        // Facts kept for a minute: no request in this test looks at the file again, so only
        // the session cookie can send a request the usual way.
        FileResource root = root(new FileResource(site, Duration.ofMinutes(1), 256 * 1024, 1024 * 1024));
        root.putChild("uid", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return request.getSession().getUid();
            }
        });
        Site withSessions = new Site(root);
        withSessions.setSessionTimeout(Duration.ofSeconds(2));
        try (Served served = Served.site(withSessions, null, Duration.ofSeconds(1))) {
            RawHttp.Response first = RawHttp.exchange(served.port(), get("/uid", "Connection: close"))
                    .responses().get(0);
            String cookie = first.header("Set-Cookie").split(";", 2)[0];
            // Only static files for twice the session's timeout: each request touches the session.
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                assertThat(RawHttp.exchange(served.port(), get("/page.html", "Cookie: " + cookie, "Connection: close"))
                        .statuses()).containsExactly(200);
                Thread.sleep(300);
            }
            RawHttp.Response again = RawHttp.exchange(served.port(), get("/uid", "Cookie: " + cookie,
                    "Connection: close")).responses().get(0);
            assertThat(again.body()).isEqualTo(first.body());
        }
    }
}
