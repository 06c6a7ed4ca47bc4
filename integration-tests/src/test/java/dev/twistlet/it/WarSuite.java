package dev.twistlet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.twistlet.testing.WsClient;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The sample WAR's behaviour, written once and run in every container by a subclass
 * ({@code JettyWarIT}, {@code TomcatWarIT}). Each test covers the four places the tree is
 * mounted: {@code /*} and {@code /app/*} of the root context and of {@code /ctx}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WarSuite {
    Path war;
    Deployment deployment;
    Upstream upstream;

    /**
     * @param war               the WAR file the build made
     * @param work              a folder the container may unpack into
     * @param contextParameters context parameters to give both deployments
     * @return the started container
     * @throws Exception when it cannot start
     */
    abstract Deployment deploy(Path war, Path work, Map<String, String> contextParameters) throws Exception;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        war = Path.of(System.getProperty("twistlet.war", "target/wars/twistlet-sample.war"));
        assertThat(war).as("the WAR the build produced").isRegularFile();
        upstream = new Upstream();
        deployment = deploy(war, work, Map.of("twistlet.sample.upstream", upstream.address()));
    }

    @AfterAll
    void stop() throws Exception {
        deployment.close();
        upstream.close();
    }

    /** The four mount points: context path plus servlet path. */
    List<String> mounts() {
        List<String> mounts = new ArrayList<>();
        for (String context : Deployment.CONTEXTS) {
            mounts.add(context);
            mounts.add(context + "/app");
        }
        return mounts;
    }

    HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(HttpClient client, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(deployment.origin().resolve(path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return get(client(), path, headers);
    }

    /** One raw HTTP/1.1 exchange on a connection of its own, closed by the server. */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", deployment.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void traversalPrepathAndUrlsFollowTheMountPoint() throws Exception {
        for (String mount : mounts()) {
            HttpResponse<String> fred = get(mount + "/hello/fred");
            assertThat(fred.statusCode()).as(mount).isEqualTo(200);
            assertThat(fred.body()).as(mount).contains("I am located at [hello, fred]")
                    .contains("(" + deployment.origin() + mount + "/hello/fred)");
            assertThat(get(mount + "/").body()).as(mount).contains("<a href=\"" + mount + "/hello/\">")
                    .contains("<a href=\"" + mount + "/files/\">");
            HttpResponse<String> folder = get(mount + "/files/docs");
            assertThat(folder.statusCode()).as(mount).isEqualTo(302);
            assertThat(folder.headers().firstValue("Location").orElseThrow()).as(mount).endsWith(mount + "/files/docs/");
        }
    }

    @Test
    void everyRenderFormAnswersAndLaterWritesArriveWhole() throws Exception {
        for (String mount : mounts()) {
            for (String index : List.of("/forms", "/forms/")) {
                HttpResponse<String> page = get(mount + index);
                assertThat(page.statusCode()).as(mount + index).isEqualTo(200);
                assertThat(page.body()).as(mount + index).contains("<a href=\"" + mount + "/forms/string\">")
                        .contains("<a href=\"" + mount + "/forms/future\">");
            }
            assertThat(get(mount + "/forms/string").body()).isEqualTo("a string");
            HttpResponse<String> bytes = get(mount + "/forms/bytes");
            assertThat(bytes.body()).isEqualTo("some bytes");
            assertThat(bytes.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(get(mount + "/forms/later").body()).as(mount).isEqualTo("first, then from the site's thread");
            assertThat(get(mount + "/forms/future").body()).isEqualTo("computed on a worker");
        }
    }

    @Test
    void notifyFinishTellsTheResourceOfAClientThatLeaves() throws Exception {
        for (String mount : mounts()) {
            String before = get(mount + "/held/lost").body();
            try (Socket socket = new Socket("127.0.0.1", deployment.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + mount + "/held?wait=20000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                JettyFixture.readUntil(socket.getInputStream(), "held... ");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String after = before;
            while (after.equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                after = get(mount + "/held/lost").body();
            }
            assertThat(Integer.parseInt(after)).as("%s on %s: clients seen leaving", mount, deployment.name())
                    .isEqualTo(Integer.parseInt(before) + 1);
        }
    }

    @Test
    void sessionsLastAcrossRequestsWithSafeCookies() throws Exception {
        for (String context : Deployment.CONTEXTS) {
            HttpClient browser = client();
            HttpResponse<String> first = get(browser, context + "/session");
            assertThat(first.body()).contains("<span id=\"visits\">1</span>");
            String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                    .findFirst().orElseThrow();
            assertThat(cookie).as(context).containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("Path=" + (context.isEmpty() ? "/" : context));
            assertThat(get(browser, context + "/session").body()).contains("<span id=\"visits\">2</span>");
            assertThat(get(browser, context + "/app/session").body()).as("one session for the whole context")
                    .contains("<span id=\"visits\">3</span>");
            assertThat(get(client(), context + "/session").body()).as("another browser")
                    .contains("<span id=\"visits\">1</span>");
        }
    }

    @Test
    void theLongPageIsGzipOrZstdEncodedAsAsked() throws Exception {
        for (String mount : mounts()) {
            HttpRequest gzip = HttpRequest.newBuilder(deployment.origin().resolve(mount + "/gzip"))
                    .header("Accept-Encoding", "gzip").build();
            HttpResponse<byte[]> gzipped = client().send(gzip, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            String page = new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(page).contains("Line 1999 of a long page");
            assertThat(gzipped.body().length).isLessThan(page.length() / 5);

            HttpRequest zstd = HttpRequest.newBuilder(deployment.origin().resolve(mount + "/gzip"))
                    .header("Accept-Encoding", "zstd, gzip").build();
            HttpResponse<byte[]> compressed = client().send(zstd, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("zstd");
            byte[] decoded = Zstd.decompress(compressed.body(), page.length() * 2);
            assertThat(new String(decoded, StandardCharsets.UTF_8)).isEqualTo(page);
        }
    }

    @Test
    void staticFilesAnswerRangesConditionalsAndListings() throws Exception {
        for (String mount : mounts()) {
            HttpResponse<String> file = get(mount + "/files/readme.txt");
            assertThat(file.body()).isEqualTo("The first file of the sample, served as it is.\n");
            String etag = file.headers().firstValue("ETag").orElseThrow();
            String modified = file.headers().firstValue("Last-Modified").orElseThrow();
            HttpResponse<String> range = get(mount + "/files/docs/numbers.txt", "Range", "bytes=6-11");
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo("00001\n");
            assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 6-11/60000");
            assertThat(get(mount + "/files/readme.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
            assertThat(get(mount + "/files/readme.txt", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
            HttpResponse<String> listing = get(mount + "/files/");
            assertThat(listing.body()).as(mount).contains("readme.txt").contains("docs/").contains("script.rpy")
                    .contains("Directory listing for " + mount + "/files/");
        }
    }

    @Test
    void servletResourceRunsJerseyAndALegacyServlet() throws Exception {
        for (String mount : mounts()) {
            assertThat(get(mount + "/api/hello?name=Twistlet").body()).as(mount).isEqualTo("Hello from Jersey, Twistlet");
            assertThat(get(mount + "/legacy/more").body()).as(mount).isEqualTo("legacy servlet at " + mount + "/legacy path /more");
        }
    }

    @Test
    void aResourceScriptIsRecompiledAfterAnEdit() throws Exception {
        for (String context : Deployment.CONTEXTS) {
            assertThat(get(context + "/files/script.rpy").body()).isEqualTo("script version 1");
            Path script;
            try (Stream<Path> files = Files.walk(deployment.unpacked(context))) {
                script = files.filter(p -> p.endsWith(Path.of("WEB-INF", "static", "script.rpy"))).findFirst().orElseThrow();
            }
            Files.writeString(script, Files.readString(script).replace("script version 1", "script version 2"));
            assertThat(get(context + "/files/script.rpy").body()).as(context).isEqualTo("script version 2");
            assertThat(get(context + "/app/files/script.rpy").body()).isEqualTo("script version 2");
        }
    }

    @Test
    void errorsAnswerWithTheirStatusAndNoTraceback() throws Exception {
        for (String mount : mounts()) {
            HttpResponse<String> post = client().send(HttpRequest.newBuilder(deployment.origin().resolve(mount + "/hello/fred"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(mount).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
            assertThat(raw("BREW " + mount + "/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .as(mount).startsWith("HTTP/1.1 501");
            assertThat(get(mount + "/nope").statusCode()).isEqualTo(404);
            HttpResponse<String> boom = get(mount + "/boom");
            assertThat(boom.statusCode()).isEqualTo(500);
            assertThat(boom.body()).doesNotContain("IllegalStateException").doesNotContain("on purpose");
            HttpResponse<String> button = client().send(HttpRequest.newBuilder(deployment.origin().resolve(mount + "/boom"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(button.statusCode()).as("the home page's boom button").isEqualTo(500);
            assertThat(button.body()).doesNotContain("IllegalStateException").doesNotContain("on purpose");
        }
    }

    @Test
    void aBrowserFollowsTheHomePageToTheListingAndKeepsItsOwnSession() throws Exception {
        try (Browser first = new Browser(); Browser second = new Browser()) {
            first.driver.get(deployment.origin() + "/ctx/");
            assertThat(first.driver.getTitle()).isEqualTo("Twistlet sample");
            assertThat(first.driver.findElements(By.cssSelector("li a"))).hasSize(10);
            first.driver.findElement(By.xpath("//button[text()='boom']")).click();
            awaitUrl(first, deployment.origin() + "/ctx/boom");
            assertThat(first.driver.findElement(By.tagName("body")).getText()).isEqualTo("Processing Failed");
            first.driver.navigate().back();
            awaitUrl(first, deployment.origin() + "/ctx/");
            // A link's page may still be loading when click returns, as a form's may.
            first.driver.findElement(By.linkText("files/")).click();
            awaitUrl(first, deployment.origin() + "/ctx/files/");
            awaitText("the listing's title", () -> first.driver.getTitle(), "Directory listing for /ctx/files/");
            first.driver.findElement(By.linkText("readme.txt")).click();
            awaitUrl(first, deployment.origin() + "/ctx/files/readme.txt");
            awaitText("readme.txt", () -> first.driver.findElement(By.tagName("body")).getText(),
                    "The first file of the sample, served as it is.");

            first.driver.get(deployment.origin() + "/ctx/session");
            assertThat(first.driver.findElement(By.id("visits")).getText()).isEqualTo("1");
            first.driver.navigate().refresh();
            assertThat(first.driver.findElement(By.id("visits")).getText()).isEqualTo("2");
            first.driver.navigate().refresh();
            assertThat(first.driver.findElement(By.id("visits")).getText()).isEqualTo("3");
            second.driver.get(deployment.origin() + "/ctx/session");
            assertThat(second.driver.findElement(By.id("visits")).getText()).as("another profile, another session")
                    .isEqualTo("1");
        }
    }

    @Test
    void everyLinkOnEveryPageLeadsToAPage() throws Exception {
        List<String> broken = new ArrayList<>();
        Map<String, Crawl> crawls = new LinkedHashMap<>();
        for (String mount : mounts()) {
            Crawl crawl = new Crawl(client(), URI.create(deployment.origin() + mount + "/"), mount).run();
            broken.addAll(crawl.broken());
            crawls.put(mount, crawl);
        }
        assertThat(broken).as("links on %s that lead nowhere", deployment.name()).isEmpty();
        crawls.forEach((mount, crawl) -> {
            String home = deployment.origin() + mount + "/";
            assertThat(crawl.stoppedAtBound()).as("%s on %s: more than %d pages to follow", mount, deployment.name(),
                    Crawl.MAX_PAGES).isFalse();
            assertThat(crawl.fetched()).as("%s on %s: the pages reached from the home page", mount, deployment.name())
                    .hasSizeGreaterThanOrEqualTo(15)
                    .contains(URI.create(home + "forms/later"), URI.create(home + "files/docs/numbers.txt"));
        });
    }

    @Test
    void theReverseProxyForwardsToTheConfiguredUpstream() throws Exception {
        for (String mount : mounts()) {
            assertThat(get(mount + "/proxy/some/path?q=1").body()).as(mount)
                    .isEqualTo("upstream saw /some/path?q=1 for 127.0.0.1:" + deployment.port());
        }
    }

    /**
     * A request body reaches the resource whole, read by the dispatcher with the container's
     * non-blocking input before {@code render}: small and chunked in two pieces with a pause
     * between them, and past the in-memory threshold.
     */
    @Test
    void requestBodiesAreReadWholeBeforeRender() throws Exception {
        for (String mount : mounts()) {
            try (Socket socket = new Socket("127.0.0.1", deployment.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + mount + "/proxy/upload HTTP/1.1\r\nHost: 127.0.0.1:" + deployment.port()
                        + "\r\nConnection: close\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(200);
                out.write("6\r\n world\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).as(mount).startsWith("HTTP/1.1 200").endsWith("upstream saw /upload for 127.0.0.1:"
                        + deployment.port() + " with 11 bytes");
            }
            String large = "z".repeat(300_000);
            assertThat(raw("POST " + mount + "/proxy/large HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                    + large.length() + "\r\n\r\n" + large)).as(mount).startsWith("HTTP/1.1 200")
                    .endsWith("with 300000 bytes");
        }
    }

    /**
     * The sample's {@code websocket/echo} at every mount point, {@code /ctx/app} being two levels
     * below the server's root: the JDK's client gets a text and a binary message back as sent and
     * a close answered with its code; a GET without the upgrade is the resource's 400.
     */
    @Test
    void theWebSocketEchoAnswersTextAndBytesAtEveryMount() throws Exception {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        for (String mount : mounts()) {
            String path = mount + "/websocket/echo";
            try (WsClient ws = WsClient.connect(URI.create("ws://127.0.0.1:" + deployment.port() + path))) {
                ws.socket().sendText("hello at " + path + " é", true).get(10, TimeUnit.SECONDS);
                WsClient.Event text = ws.next();
                assertThat(text.kind()).as("%s on %s: %s", path, deployment.name(), text).isEqualTo("text");
                assertThat(text.text()).isEqualTo("hello at " + path + " é");
                ws.socket().sendBinary(ByteBuffer.wrap(data), true).get(10, TimeUnit.SECONDS);
                WsClient.Event bytes = ws.next();
                assertThat(bytes.kind()).as("%s on %s: %s", path, deployment.name(), bytes).isEqualTo("bytes");
                assertThat(bytes.bytes()).isEqualTo(data);
                ws.socket().sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
                WsClient.Event close = ws.next();
                assertThat(close.kind()).as("%s on %s: %s", path, deployment.name(), close).isEqualTo("close");
                assertThat(close.code()).isEqualTo(WebSocket.NORMAL_CLOSURE);
            }
            HttpResponse<String> plain = get(path);
            assertThat(plain.statusCode()).as("%s on %s: a GET without the upgrade", path, deployment.name())
                    .isEqualTo(400);
            assertThat(plain.body()).as(path).contains("websocket protocol negotiation error");
        }
    }

    /**
     * A browser page from another origin may not open the echo (403); the page's own origin may
     * (101, with the handshake's accept key), so the check refuses by origin, not everything.
     */
    @Test
    void aWebSocketUpgradeFromAnotherOriginIsRefused() throws Exception {
        for (String mount : mounts()) {
            String path = mount + "/websocket/echo";
            String evil = handshake(path, "http://evil.example");
            assertThat(evil).as("%s on %s: Origin http://evil.example", path, deployment.name())
                    .startsWith("HTTP/1.1 403").contains("websocket connections from this origin are not allowed");
            String same = handshake(path, deployment.origin().toString());
            assertThat(same).as("%s on %s: Origin %s", path, deployment.name(), deployment.origin())
                    .startsWith("HTTP/1.1 101").containsIgnoringCase("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    /**
     * Headless Chromium follows each home page's link to {@code websocket}, whose script opens the
     * echo below the page; what the page sends comes back into its log.
     */
    @Test
    void aBrowserSendsAndReceivesThroughTheWebSocketPage() throws Exception {
        try (Browser browser = new Browser()) {
            for (String mount : mounts()) {
                browser.driver.get(deployment.origin() + mount + "/");
                browser.driver.findElement(By.linkText("websocket")).click();
                String where = mount + " on " + deployment.name();
                awaitText("the page's URL", () -> browser.driver.getCurrentUrl(),
                        deployment.origin() + mount + "/websocket");
                awaitText(where + ": #status", () -> browser.driver.findElement(By.id("status")).getText(), "open");
                assertThat(browser.driver.findElement(By.id("url")).getText()).as(where + ": the socket's URL")
                        .isEqualTo("ws://127.0.0.1:" + deployment.port() + mount + "/websocket/echo");
                String message = "hello from Chromium at " + (mount.isEmpty() ? "/" : mount);
                browser.driver.findElement(By.id("message")).sendKeys(message);
                browser.driver.findElement(By.id("send")).click();
                awaitText(where + ": #log", () -> browser.driver.findElement(By.id("log")).getText(), message);
            }
        }
    }

    /**
     * Sends a WebSocket handshake for {@code path} with this {@code Origin} over a connection of
     * its own and reads the answer's head, and a 403's body up to its reason.
     */
    private String handshake(String path, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", deployment.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + deployment.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = JettyFixture.readUntil(in, "\r\n\r\n");
            return head.startsWith("HTTP/1.1 403") ? head + JettyFixture.readUntil(in, "not allowed") : head;
        }
    }

    /** Asks the page for {@code what} until it is {@code expected}, for at most 20 s. */
    private static void awaitText(String what, Supplier<String> actual, String expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String seen = actual.get();
        while (!expected.equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = actual.get();
        }
        assertThat(seen).as(what).isEqualTo(expected);
    }

    /** A form's submission may still be loading when {@code click} returns: waits for its page. */
    private static void awaitUrl(Browser browser, String url) throws InterruptedException {
        for (int i = 0; i < 200 && !url.equals(browser.driver.getCurrentUrl()); i++) {
            Thread.sleep(50);
        }
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(url);
    }
}
