package dev.twistlet.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.servlet.JettyFixture;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileResource over a real socket: files, directories, listings, types, conditional GET, ranges, processors. */
class FileResourceTest {
    @TempDir
    static Path dir;
    static JettyFixture jetty;
    static final Instant MODIFIED = Instant.parse("2024-05-01T10:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("a.txt"), "hello world\n");
        Files.setLastModifiedTime(site.resolve("a.txt"), FileTime.from(MODIFIED));
        Files.writeString(site.resolve("b.css"), "x".repeat(100));
        Files.writeString(site.resolve("c.json"), "{\"a\":1}");
        Files.writeString(site.resolve("mystery.qqq"), "unknown type");
        try (var out = new GZIPOutputStream(Files.newOutputStream(site.resolve("page.html.gz")))) {
            out.write("<p>zipped</p>".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(site.resolve("we ird&<name>.txt"), "odd");
        Files.createDirectories(site.resolve("sub"));
        Files.writeString(site.resolve("sub/index.html"), "<h1>index</h1>");
        Files.createDirectories(site.resolve("sub/deeper"));
        Files.createDirectories(site.resolve("empty"));
        Files.writeString(site.resolve("script.rpy"), "not really a script");
        Files.writeString(site.resolve("page.asis"),
                "HTTP/1.0 299 Custom\r\nContent-Type: text/plain\r\nX-From-File: yes\r\n\r\nbody as is\n");
        Files.write(site.resolve("big.bin"), new byte[300_000]);

        FileResource root = new FileResource(site);
        root.ignoreExt(".rpy");
        root.addProcessor(".asis", ASISProcessor::new);
        root.putChild("a.txt", new Resource() {
            @Override
            public Object renderGet(Request request) {
                return "putChild wins";
            }
        });
        FileResource custom = new FileResource(site.resolve("sub"));
        custom.setIndexNames(List.of("nothing-here"));
        root.putChild("custom", custom);
        jetty = JettyFixture.serve(new Site(root));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(jetty.uri(path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return jetty.client().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("").replace(" ", "");
    }

    @Test
    void filesHaveTheirTypeLengthAndDate() throws Exception {
        HttpResponse<String> css = get("/b.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(type(css)).isEqualTo("text/css");
        assertThat(css.headers().firstValue("Content-Length")).hasValue("100");
        assertThat(css.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(type(get("/c.json"))).isEqualTo("application/json");
        assertThat(type(get("/mystery.qqq"))).as("the default type").isEqualTo("text/html");
        HttpResponse<String> gz = get("/page.html.gz");
        assertThat(type(gz)).isEqualTo("text/html");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }

    @Test
    void putChildWinsOverTheFile() throws Exception {
        assertThat(get("/a.txt").body()).isEqualTo("putChild wins");
    }

    @Test
    void aDirectoryWithoutItsSlashRedirectsKeepingTheQuery() throws Exception {
        HttpResponse<String> r = get("/sub?x=1&y=2");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/sub/?x=1&y=2");
        assertThat(r.body()).contains("href=\"/sub/?x=1&amp;y=2\"");
    }

    @Test
    void aDirectoryWithItsSlashServesItsIndexElseAListing() throws Exception {
        assertThat(get("/sub/").body()).isEqualTo("<h1>index</h1>");
        HttpResponse<String> listing = get("/custom/");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).contains("Directory listing for /custom/").contains("href=\"index.html\"");
    }

    @Test
    void theListingShowsDirectoriesFirstEscapedAndQuoted() throws Exception {
        String html = get("/").body();
        assertThat(html).contains("<title>Directory listing for /</title>")
                .contains("<th>Filename</th><th>Size</th><th>Content type</th><th>Content encoding</th>");
        assertThat(html.indexOf("href=\"sub/\"")).isPositive().isLessThan(html.indexOf("href=\"b.css\""));
        assertThat(html.indexOf("href=\"empty/\"")).isLessThan(html.indexOf("href=\"sub/\""));
        assertThat(html).contains("<a href=\"we%20ird%26%3Cname%3E.txt\">we ird&amp;&lt;name&gt;.txt</a>")
                .doesNotContain("<name>");
        assertThat(html).contains("<td>100B</td><td>[text/css]</td>").contains("[gzip]").contains("<td>292K</td>");
        assertThat(html).as("no parent link at the root").doesNotContain("href=\"../\"");
        assertThat(get("/empty/").body()).contains("Directory listing for /empty/").contains("href=\"../\"");
    }

    @Test
    void missingFilesAre404AndFilesHaveNoChildren() throws Exception {
        HttpResponse<String> r = get("/nope.txt");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("File not found.");
        assertThat(get("/b.css/child").statusCode()).isEqualTo(404);
    }

    @Test
    void ignoredExtensionsAndProcessors() throws Exception {
        assertThat(get("/script").body()).as("/script finds script.rpy").isEqualTo("not really a script");
        HttpResponse<String> asis = get("/page.asis");
        assertThat(asis.statusCode()).isEqualTo(299);
        assertThat(asis.headers().firstValue("X-From-File")).hasValue("yes");
        assertThat(type(asis)).isEqualTo("text/plain");
        assertThat(asis.body()).isEqualTo("body as is\n");
    }

    @Test
    void conditionalRequestsAnswer304WithoutABody() throws Exception {
        HttpResponse<String> full = get("/b.css");
        String etag = full.headers().firstValue("ETag").orElseThrow();
        String lastModified = full.headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<String> byTag = get("/b.css", "If-None-Match", etag);
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        HttpResponse<String> byDate = get("/b.css", "If-Modified-Since", lastModified);
        assertThat(byDate.statusCode()).isEqualTo(304);
        assertThat(get("/b.css", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get("/b.css", "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode()).isEqualTo(200);
    }

    @Test
    void singleSuffixAndOversizedRanges() throws Exception {
        HttpResponse<String> first = get("/b.css", "Range", "bytes=0-4");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-4/100");
        assertThat(first.headers().firstValue("Content-Length")).hasValue("5");
        assertThat(first.body()).isEqualTo("xxxxx");
        HttpResponse<String> suffix = get("/b.css", "Range", "bytes=-10");
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 90-99/100");
        HttpResponse<String> longer = get("/b.css", "Range", "bytes=-1000");
        assertThat(longer.statusCode()).as("a suffix longer than the file is the whole file").isEqualTo(206);
        assertThat(longer.headers().firstValue("Content-Range")).hasValue("bytes 0-99/100");
        assertThat(longer.body()).hasSize(100);
        HttpResponse<String> open = get("/b.css", "Range", "bytes=95-");
        assertThat(open.body()).isEqualTo("xxxxx");
    }

    @Test
    void aRangePastTheEndIs416AndAMalformedOneIsIgnored() throws Exception {
        HttpResponse<String> past = get("/b.css", "Range", "bytes=200-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */100");
        for (String bad : new String[] {"bytes=abc", "items=0-4", "bytes=5-1", "bytes=--3"}) {
            HttpResponse<String> r = get("/b.css", "Range", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(200);
            assertThat(r.body()).as(bad).hasSize(100);
        }
    }

    @Test
    void severalRangesAreAMultipartAnswerOfExactLength() throws Exception {
        HttpResponse<String> r = get("/big.bin", "Range", "bytes=0-1,100-102,299998-");
        assertThat(r.statusCode()).isEqualTo(206);
        String contentType = r.headers().firstValue("Content-Type").orElseThrow();
        assertThat(contentType).startsWith("multipart/byteranges; boundary=");
        String boundary = contentType.substring(contentType.indexOf('=') + 1);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length());
        String body = r.body();
        assertThat(body).contains("--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-1/300000\r\n\r\n\0\0\r\n");
        assertThat(body).contains("Content-Range: bytes 100-102/300000").contains("Content-Range: bytes 299998-299999/300000");
        assertThat(body).endsWith("\r\n--" + boundary + "--\r\n");
    }

    @Test
    void moreThan32RangesGetTheWholeFile() throws Exception {
        StringBuilder ranges = new StringBuilder("bytes=");
        for (int i = 0; i < 33; i++) {
            ranges.append(i == 0 ? "" : ",").append(i * 10).append('-').append(i * 10 + 1);
        }
        HttpResponse<String> many = get("/big.bin", "Range", ranges.toString());
        assertThat(many.statusCode()).isEqualTo(200);
        assertThat(many.body()).hasSize(300000);
        String limit = ranges.substring(0, ranges.lastIndexOf(","));
        assertThat(get("/big.bin", "Range", limit).statusCode()).as("32 ranges are still honoured").isEqualTo(206);
    }

    @Test
    void ifRangeKeepsRangesOnlyForTheSameVersion() throws Exception {
        String etag = get("/b.css").headers().firstValue("ETag").orElseThrow();
        assertThat(get("/b.css", "Range", "bytes=0-4", "If-Range", etag).statusCode()).isEqualTo(206);
        assertThat(get("/b.css", "Range", "bytes=0-4", "If-Range", "\"stale\"").statusCode()).isEqualTo(200);
    }

    @Test
    void largeFilesStreamWhole() throws Exception {
        HttpResponse<byte[]> r = jetty.client().send(HttpRequest.newBuilder(jetty.uri("/big.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.headers().firstValue("Content-Length")).hasValue("300000");
        assertThat(r.body()).hasSize(300_000);
    }

    @Test
    void headHasTheLengthAndNoBody() throws Exception {
        try (Socket socket = jetty.rawRequest("HEAD /big.bin HTTP/1.1")) {
            String head = JettyFixture.readUntil(socket.getInputStream(), "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nContent-Length: 300000\r\n");
            socket.setSoTimeout(300);
            int next;
            try {
                next = socket.getInputStream().read();
            } catch (java.net.SocketTimeoutException none) {
                next = -1;
            }
            assertThat(next).isEqualTo(-1);
        }
    }

    @Test
    void otherMethodsAre405() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<String> r = jetty.send(method, "/b.css");
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD, OPTIONS");
        }
    }

    @Test
    void typesComeFromTheTableAndTheSystem() {
        assertThat(MimeTypes.of("x.HTML", Map.of(), "d").type()).isEqualTo("text/html");
        assertThat(MimeTypes.of("x.tar.gz", Map.of(), "d")).isEqualTo(new MimeTypes.TypeAndEncoding("application/x-tar", "gzip"));
        assertThat(MimeTypes.of("x.unknownext", Map.of(), "fallback/type").type()).isEqualTo("fallback/type");
        assertThat(MimeTypes.of("x.foo", Map.of(".foo", "application/x-foo"), "d").type()).isEqualTo("application/x-foo");
        assertThat(DirectoryLister.formatFileSize(1023)).isEqualTo("1023B");
        assertThat(DirectoryLister.formatFileSize(5 * 1024 * 1024 + 7)).isEqualTo("5M");
    }
}
