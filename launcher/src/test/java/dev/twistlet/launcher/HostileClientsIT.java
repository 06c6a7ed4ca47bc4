package dev.twistlet.launcher;

import static dev.twistlet.launcher.RawHttp.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.launcher.LauncherProcessIT.Run;
import dev.twistlet.launcher.RawHttp.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What hostile or broken clients get from {@code twistlet web}, each case written as exact
 * bytes on a real socket: the regression cases of Twisted Web's request-parsing CVEs
 * (CVE-2020-10108, CVE-2020-10109, CVE-2022-24801, CVE-2023-46137, CVE-2024-41671,
 * CVE-2022-39348, CVE-2024-41810), the limits on a request head (size, number of fields, a
 * deadline for the whole head), and malformed framing, which is the client's fault: 400,
 * the connection closed, at most one log line, and never a request the client did not send.
 *
 * <p>Each case that a careful server refuses is followed on the same connection by a
 * pipelined {@code GET /echo.rpy/smuggled}: it must never be answered, since a server that
 * read the broken framing another way would take it for a request (the desync these CVEs
 * are about). The cases a careful server accepts are followed by a request it must answer,
 * so the check that nothing was smuggled cannot pass by silence alone.
 */
class HostileClientsIT {
    private static final Pattern SERVING_HTTP = Pattern.compile("serving http://[^:]+:(\\d+)/");
    private static final Pattern SERVING_HTTPS = Pattern.compile("serving https://[^:]+:(\\d+)/");
    private static final Pattern SERVING_UNIX = Pattern.compile("serving unix:(\\S+)");
    /** A stack trace's lines, or a logged exception's name. */
    private static final Pattern STACK_TRACE = Pattern.compile("^\\s+at |Exception:|Exception$");
    private static final String SMUGGLED = "GET /echo.rpy/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String NEXT = "GET /echo.rpy/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    /** The deadline the shared server gives a request head, short for the tests. */
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    @TempDir
    static Path dir;
    static Path site;
    static Run server;
    static int port;
    static int tlsPort;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        site = Files.createDirectories(dir.resolve("site"));
        writeSite(site);
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
        socket = dir.resolve("web.sock");
        server = Run.start(LauncherProcessIT.jar("web", "--pidfile=", "--path", site.toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1",
                "--listen", "ssl:0:interface=127.0.0.1:privateKey=" + dir.resolve("key.pem") + ":certKey="
                        + dir.resolve("cert.pem"),
                "--listen", "unix:" + socket,
                "--request-header-timeout", Long.toString(DEADLINE.toSeconds())));
        port = Integer.parseInt(server.awaitLine(SERVING_HTTP).group(1));
        tlsPort = Integer.parseInt(server.awaitLine(SERVING_HTTPS).group(1));
        server.awaitLine(SERVING_UNIX);
        // The .rpy files are compiled on their first request.
        assertThat(exchange(port, "GET /echo.rpy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodies())
                .containsExactly("GET /echo.rpy 0\n");
        assertThat(exchange(port, "GET /slow.rpy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodies())
                .containsExactly("slow /slow.rpy\n");
    }

    /**
     * The site every case is sent to: a static file, a script that reads the body and echoes
     * method, URI and body length, one that answers 0.6 s later from another thread, and one
     * that redirects where its {@code to} argument says.
     */
    static void writeSite(Path site) throws IOException {
        Files.writeString(site.resolve("hello.txt"), "hello\n");
        Files.writeString(site.resolve("echo.rpy"), """
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;

                class Echo extends Resource {
                    @Override
                    public boolean isLeaf() {
                        return true;
                    }

                    @Override
                    public Object render(Request request) {
                        try (var in = request.getContent()) {
                            return request.getMethod() + " " + request.getUri() + " " + in.readAllBytes().length + "\\n";
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }

                resource = new Echo();
                """);
        Files.writeString(site.resolve("slow.rpy"), """
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;
                import java.time.Duration;

                class Slow extends Resource {
                    @Override
                    public boolean isLeaf() {
                        return true;
                    }

                    @Override
                    public Object renderGet(Request request) {
                        String answer = "slow " + request.getUri() + "\\n";
                        request.getSite().callLater(Duration.ofMillis(600), () -> {
                            request.write(answer);
                            request.finish();
                        });
                        return NOT_DONE_YET;
                    }
                }

                resource = new Slow();
                """);
        Files.writeString(site.resolve("go.rpy"), """
                import dev.twistlet.web.Redirect;
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;

                class Go extends Resource {
                    @Override
                    public Object renderGet(Request request) {
                        return Redirect.redirectTo(request.getArg("to"), request);
                    }
                }

                resource = new Go();
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.process().destroy();
            if (!server.process().waitFor(20, TimeUnit.SECONDS)) {
                server.process().destroyForcibly();
            }
        }
    }

    static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl: %s", out).isZero();
    }

    // ---- the framing of a request body: CVE-2020-10108, CVE-2020-10109, CVE-2022-24801 ----

    /** CVE-2020-10108: two {@code Content-Length} fields, whether they agree or not. */
    @Test
    void twoContentLengthsAre400AndTheConnectionIsClosed() throws Exception {
        refusedWith400(Map.of(
                "two different lengths", post("Content-Length: 3\r\nContent-Length: 10\r\n", "abc"),
                "the same length twice", post("Content-Length: 3\r\nContent-Length: 3\r\n", "abc"),
                "a list of lengths", post("Content-Length: 3, 3\r\n", "abc")));
    }

    /**
     * CVE-2020-10109: {@code Content-Length} with {@code Transfer-Encoding: chunked}, in either
     * order. Refused rather than framed by the chunks (RFC 9112 §6.3 allows either): a proxy
     * in front may have framed it by the length.
     */
    @Test
    void contentLengthWithChunkedIs400AndTheConnectionIsClosed() throws Exception {
        refusedWith400(Map.of(
                "length, then chunked", post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
                "chunked, then length", post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "0\r\n\r\n"),
                "identity with a length", post("Transfer-Encoding: identity\r\nContent-Length: 3\r\n", "abc")));
    }

    /** CVE-2022-24801: a {@code Content-Length} that is not just digits. */
    @Test
    void contentLengthIsDigitsOnly() throws Exception {
        refusedWith400(Map.of(
                "a plus sign", post("Content-Length: +3\r\n", "abc"),
                "a minus sign", post("Content-Length: -3\r\n", "abc"),
                "hexadecimal", post("Content-Length: 0x3\r\n", "abc"),
                "a space inside", post("Content-Length: 1 0\r\n", "abc"),
                "an underscore", post("Content-Length: 1_0\r\n", "abc"),
                "a vertical tab before", post("Content-Length: \u000b3\r\n", "abc"),
                "a form feed after", post("Content-Length: 3\u000c\r\n", "abc"),
                "more than a long holds", post("Content-Length: 99999999999999999999999\r\n", "abc")));
        acceptedWithBody3(Map.of(
                "leading zeros", post("Content-Length: 003\r\n", "abc"),
                "spaces and tabs around (OWS)", post("Content-Length: \t3 \t\r\n", "abc")));
    }

    /** Malformed chunk sizes and extensions (CVE-2022-24801), and chunk data that overruns its size. */
    static final Map<String, String> MALFORMED_CHUNKS = Map.ofEntries(
            Map.entry("a 0x size", "0x3\r\nabc\r\n0\r\n\r\n"),
            Map.entry("a plus sign", "+3\r\nabc\r\n0\r\n\r\n"),
            Map.entry("a minus sign", "-3\r\nabc\r\n0\r\n\r\n"),
            Map.entry("a space before the size", " 3\r\nabc\r\n0\r\n\r\n"),
            Map.entry("a space after the size", "3 \r\nabc\r\n0\r\n\r\n"),
            Map.entry("an underscore", "0_3\r\nabc\r\n0\r\n\r\n"),
            Map.entry("more than a long holds", "FFFFFFFFFFFFFFFFFF3\r\nabc\r\n0\r\n\r\n"),
            Map.entry("a control character in an extension", "3;a\u0001b\r\nabc\r\n0\r\n\r\n"),
            Map.entry("a NUL in an extension", "3;\u0000\r\nabc\r\n0\r\n\r\n"),
            Map.entry("a byte above ASCII in an extension", "3;a\u00ffb\r\nabc\r\n0\r\n\r\n"),
            Map.entry("a bare LF ending an extension", "3;x\nabc\r\n0\r\n\r\n"),
            Map.entry("data longer than its size", "3\r\nabcXX\r\n0\r\n\r\n"),
            Map.entry("a good chunk, then a 0x size", "3\r\nabc\r\n0x5\r\nabcde\r\n0\r\n\r\n"));

    /**
     * CVE-2022-24801: chunk sizes that are not just hexadecimal digits, junk in chunk
     * extensions, chunk data that overruns its size. Whether or not the resource reads the
     * body, the request after it on the connection is never answered: the connection is closed
     * once the framing fails, with at most one answer for the broken request.
     */
    @Test
    void aMalformedChunkedBodyNeverLetsTheNextRequestThrough() throws Exception {
        for (String path : List.of("/echo.rpy", "/hello.txt")) {
            for (Map.Entry<String, String> chunks : MALFORMED_CHUNKS.entrySet()) {
                Exchange e = exchange(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + chunks.getValue() + SMUGGLED);
                String what = path + ", " + chunks.getKey() + ": " + e.raw();
                assertThat(e.responses()).as(what).hasSizeLessThanOrEqualTo(1);
                assertThat(e.raw()).as(what).doesNotContain("smuggled");
                assertThat(e.closed()).as("closed: " + what).isTrue();
            }
        }
        acceptedWithBody3(Map.of(
                "an extension", chunked("3;name=value\r\nabc\r\n0\r\n\r\n"),
                "a quoted extension", chunked("3;a=\"b c\"\r\nabc\r\n0\r\n\r\n"),
                "a tab before an extension (BWS)", chunked("3\t;a=b\r\nabc\r\n0\r\n\r\n"),
                "upper-case hexadecimal and a trailer", chunked("3\r\nabc\r\n0\r\nX-Trailer: y\r\n\r\n"),
                "a chunked coding named in capitals", "POST /echo.rpy HTTP/1.1\r\nHost: x\r\n"
                        + "Transfer-Encoding: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
    }

    /**
     * The line for malformed framing, on bodies: 400, the connection closed, one log
     * line at most, no stack trace, whether or not the resource reads the body. The status and
     * the log line are the bridge's (it reads bodies before render, issue #20): this passes
     * since commit 5d77d3b; before it, each case to the echo script was a 500 with a 90-line
     * stack trace.
     */
    @Test
    void aMalformedChunkedBodyIs400WithOneLogLineAtMostAndNoStackTrace() throws Exception {
        for (String path : List.of("/echo.rpy", "/hello.txt")) {
            int mark = server.err().size();
            for (Map.Entry<String, String> chunks : MALFORMED_CHUNKS.entrySet()) {
                Exchange e = exchange(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + chunks.getValue() + SMUGGLED);
                assertThat(e.statuses()).as(path + ", " + chunks.getKey() + ": " + e.raw()).containsExactly(400);
            }
            quietLog(mark, MALFORMED_CHUNKS.size());
        }
    }

    /**
     * CVE-2022-24801 and kin: whitespace and line ends where RFC 9112 allows none, in the
     * fields that frame a body and in any other. Twisted 22.4 accepts some of these (a folded
     * line, a bare CR, a NUL: see docs/differences.md); refusing them is what keeps a proxy in
     * front from reading the head another way.
     */
    @Test
    void oddWhitespaceAndLineEndsInTheHeadAre400() throws Exception {
        refusedWith400(Map.ofEntries(
                Map.entry("a space before the colon", post("Content-Length : 3\r\n", "abc")),
                Map.entry("a tab before the colon", post("Content-Length\t: 3\r\n", "abc")),
                Map.entry("a space before the colon of Transfer-Encoding",
                        post("Transfer-Encoding : chunked\r\n", "0\r\n\r\n")),
                Map.entry("a vertical tab in Transfer-Encoding", post("Transfer-Encoding: chunked\u000b\r\n", "0\r\n\r\n")),
                Map.entry("a form feed in Transfer-Encoding", post("Transfer-Encoding: \u000cchunked\r\n", "0\r\n\r\n")),
                Map.entry("a folded line (obs-fold)", post("X-Folded: a\r\n b\r\nContent-Length: 3\r\n", "abc")),
                Map.entry("a folded Content-Length", post("Content-Length:\r\n 3\r\n", "abc")),
                Map.entry("whitespace before the first field", "GET /hello.txt HTTP/1.1\r\n Host: x\r\n\r\n" + SMUGGLED),
                Map.entry("a bare CR inside a line", "GET /hello.txt HTTP/1.1\r\nHost: x\rX-Y: z\r\n\r\n" + SMUGGLED),
                Map.entry("a NUL in a value", "GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Y: a\u0000b\r\n\r\n" + SMUGGLED),
                Map.entry("a tab in the request line", "GET\t/hello.txt HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED),
                Map.entry("a field without a colon", "GET /hello.txt HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n" + SMUGGLED),
                Map.entry("a coding after chunked", post("Transfer-Encoding: chunked, gzip\r\n", "0\r\n\r\n")),
                Map.entry("chunked twice", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")),
                Map.entry("an unknown coding", post("Transfer-Encoding: xchunked\r\n", "0\r\n\r\n"))));
    }

    // ---- pipelining: CVE-2023-46137, CVE-2024-41671 ----

    /**
     * CVE-2023-46137, CVE-2024-41671: requests pipelined on one connection are answered in the
     * order they were sent, each once, even when the first is answered later, from another
     * thread, and the others are ready at once.
     */
    @Test
    void pipelinedRequestsAreAnsweredInOrderEachOnce() throws Exception {
        Exchange e = exchange(port, "GET /slow.rpy/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo.rpy/2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo.rpy/4 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                + "GET /slow.rpy/5 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /echo.rpy/6 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(e.statuses()).as(e.raw()).containsExactly(200, 200, 200, 200, 200, 200);
        assertThat(e.bodies()).containsExactly("slow /slow.rpy/1\n", "POST /echo.rpy/2 3\n", "hello\n",
                "POST /echo.rpy/4 5\n", "slow /slow.rpy/5\n", "GET /echo.rpy/6 0\n");
        assertThat(e.closed()).isTrue();
    }

    /**
     * A body that looks like a request stays a body, whether or not the resource reads it; and
     * an HTTP/1.0 request with {@code Transfer-Encoding} has faulty framing (RFC 9112 §6.1): at
     * most it is answered, then the connection is closed, so nothing after it is read.
     */
    @Test
    void aBodyThatLooksLikeARequestStaysABody() throws Exception {
        String inner = "GET /echo.rpy/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        for (String path : List.of("/hello.txt", "/echo.rpy")) {
            Exchange e = exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + inner.length()
                    + "\r\n\r\n" + inner + NEXT);
            assertThat(e.statuses()).as(e.raw()).containsExactly(200, 200);
            assertThat(e.bodies().get(1)).isEqualTo("GET /echo.rpy/next 0\n");
            assertThat(e.raw()).doesNotContain("smuggled 0");
        }
        assertThat(exchange(port, "GET /echo.rpy HTTP/1.1\r\nHost: x\r\nContent-Length: " + inner.length()
                + "\r\n\r\n" + inner + NEXT).bodies().get(0)).isEqualTo("GET /echo.rpy " + inner.length() + "\n");
        Exchange old = exchange(port, "POST /echo.rpy HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + SMUGGLED);
        assertThat(old.responses()).as(old.raw()).hasSizeLessThanOrEqualTo(1);
        assertThat(old.raw()).doesNotContain("smuggled");
        assertThat(old.closed()).isTrue();
    }

    // ---- escaping: CVE-2022-39348, CVE-2024-41810 ----

    /**
     * CVE-2022-39348: a {@code NameVirtualHost} without a default names an unknown host in its
     * 404 page, HTML-escaped. A {@code Host} that is no host name ({@code <script>}) does not
     * get that far: Jetty answers 400 without echoing it, in one log line.
     */
    @Test
    void anUnknownVirtualHostIsNamedEscaped() throws Exception {
        Path vhosts = Files.createDirectories(dir.resolve("vhosts"));
        Files.createDirectories(vhosts.resolve("known"));
        Files.writeString(vhosts.resolve("known/index.html"), "the known host\n");
        Path script = vhosts.resolve("vhosts.java");
        Files.writeString(script, """
                import dev.twistlet.web.Site;
                import dev.twistlet.web.files.FileResource;
                import dev.twistlet.web.vhost.NameVirtualHost;

                var root = new NameVirtualHost();
                root.addHost("known.example", new FileResource(file.resolveSibling("known")));
                application.listen("tcp:port=0:interface=127.0.0.1", new Site(root));
                """);
        Run run = Run.start(LauncherProcessIT.jar("--pidfile=", "-ny", script.toString()));
        try {
            int vhostPort = Integer.parseInt(run.awaitLine(SERVING_HTTP).group(1));
            Exchange known = exchange(vhostPort, "GET / HTTP/1.1\r\nHost: known.example\r\nConnection: close\r\n\r\n");
            assertThat(known.bodies()).containsExactly("the known host\n");
            Exchange unknown = exchange(vhostPort, "GET / HTTP/1.1\r\nHost: a&b'c\r\nConnection: close\r\n\r\n");
            assertThat(unknown.statuses()).containsExactly(404);
            assertThat(unknown.bodies().get(0)).contains("host &#x27;a&amp;b&#x27;c&#x27; not in vhost map")
                    .doesNotContain("a&b'c");
            int mark = run.err().size();
            Exchange script1 = exchange(vhostPort, "GET / HTTP/1.1\r\nHost: <script>x</script>\r\n\r\n" + SMUGGLED);
            assertThat(script1.statuses()).as(script1.raw()).containsExactly(400);
            assertThat(script1.raw()).doesNotContain("<script>").doesNotContain("smuggled");
            assertThat(script1.closed()).isTrue();
            Thread.sleep(300);
            assertThat(linesSince(run, mark)).as("the log").hasSizeLessThanOrEqualTo(1)
                    .noneMatch(line -> STACK_TRACE.matcher(line).find());
        } finally {
            run.process().destroyForcibly();
        }
    }

    /**
     * CVE-2024-41810: the page {@code redirectTo} returns escapes its URL; the URL in the
     * {@code Location} field is sent as given, and a line break in it cannot start a field.
     */
    @Test
    void redirectToEscapesTheUrlInItsPage() throws Exception {
        Exchange e = exchange(port, "GET /go.rpy?to=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(e.statuses()).containsExactly(302);
        assertThat(e.responses().get(0).header("Location")).isEqualTo("\"><script>alert(1)</script>");
        assertThat(e.bodies().get(0))
                .contains("content=\"0;URL=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"")
                .contains("<a href=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">")
                .doesNotContain("<script>");
        Exchange split = exchange(port, "GET /go.rpy?to=/x%0D%0ASet-Cookie:%20a=b HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(split.responses()).as(split.raw()).hasSize(1);
        assertThat(split.responses().get(0).headers()).doesNotContainKey("set-cookie");
    }

    // ---- limits on a request head ----

    /**
     * A request line and headers of up to 16 KB together are served, as by Twisted (Jetty's
     * own 8 KB would refuse the 12 KB cookie); more is 431 (414 for a request line that long
     * by itself), and so are more than 500 header fields; the connection is then closed.
     */
    @Test
    void aHeadOfUpTo16KbAnd500FieldsIsServedAndMoreIs431() throws Exception {
        for (String head : headsTwistedServes()) {
            Exchange e = exchange(port, head);
            assertThat(e.statuses()).as("%d bytes", head.length()).containsExactly(200);
            assertThat(e.bodies()).containsExactly("hello\n");
        }
        int mark = server.err().size();
        for (String head : headsTwistedRefuses()) {
            Exchange e = exchange(port, head + SMUGGLED);
            assertThat(e.statuses()).as("%d bytes: %s", head.length(), e.raw()).containsExactly(
                    head.startsWith("GET /hello.txt?") ? 414 : 431);
            assertThat(e.raw()).doesNotContain("smuggled");
            assertThat(e.closed()).isTrue();
        }
        quietLog(mark, headsTwistedRefuses().size());
    }

    /**
     * Over HTTP/2 (h2c with prior knowledge, by curl) the same 16 KB holds: a 12 KB cookie is
     * served, a 17 KB one refused; Jetty's HTTP/2 refuses it with GOAWAY rather than a 431.
     */
    @Test
    void overHttp2TheSameHeadSizeHolds() throws Exception {
        String url = "http://127.0.0.1:" + port + "/hello.txt";
        Curl small = curl("--http2-prior-knowledge", "-H", "Cookie: a=" + "x".repeat(12000), "-w", " %{http_code} %{http_version}",
                url);
        assertThat(small.out()).isEqualTo("hello\n 200 2");
        Curl big = curl("--http2-prior-knowledge", "-v", "-H", "Cookie: a=" + "x".repeat(17000), "-w", "%{http_code}", url);
        assertThat(big.status()).as("curl's exit status").isNotZero();
        assertThat(big.out()).isEqualTo("000");
        assertThat(big.err()).contains("GOAWAY");
    }

    /** What curl printed and its exit status. */
    record Curl(int status, String out, String err) {
    }

    static Curl curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Curl(p.waitFor(), out, err.get(10, TimeUnit.SECONDS));
    }

    /**
     * An HTTP/1.1 request names exactly one host (RFC 9112 §3.2): none, or two, is 400.
     * Twisted 22.4 serves both.
     */
    @Test
    void anHttp11RequestWithoutExactlyOneHostIs400() throws Exception {
        refusedWith400(Map.of(
                "no Host", "GET /hello.txt HTTP/1.1\r\n\r\n" + SMUGGLED,
                "two Host fields", "GET /hello.txt HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n" + SMUGGLED));
    }

    /** Heads real Twisted 22.4 serves: a 12 KB cookie, 16,300 bytes in all, 500 header fields. */
    static List<String> headsTwistedServes() {
        return List.of(withFields("Cookie: a=" + "x".repeat(12000) + "\r\n"),
                withFields("Cookie: a=" + "x".repeat(16300 - 70) + "\r\n"),
                withFields(fields(498)));
    }

    /** Heads real Twisted 22.4 refuses: a 17 KB cookie or query string, 501 header fields. */
    static List<String> headsTwistedRefuses() {
        return List.of(withFields("Cookie: a=" + "x".repeat(17000) + "\r\n"),
                "GET /hello.txt?" + "x".repeat(17000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                withFields(fields(499)));
    }

    /** A GET of hello.txt with {@code Host}, the fields given and {@code Connection: close}. */
    private static String withFields(String fields) {
        return "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n" + fields + "Connection: close\r\n\r\n";
    }

    private static String fields(int count) {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < count; i++) {
            fields.append("X-").append(i).append(": y\r\n");
        }
        return fields.toString();
    }

    /**
     * The same heads to real Twisted ({@code twistd3 web --path}, Debian's python3-twisted
     * 22.4) on the same folder: it serves and refuses the same ones, though it refuses with a
     * 400, or by closing the connection without an answer for a line over 16 KB, where
     * Twistlet answers 431 or 414.
     */
    @Test
    void twistedServesAndRefusesTheSameHeads() throws Exception {
        int twistedPort = TwistedDifferentialIT.freePort();
        Process twisted = new ProcessBuilder("twistd3", "-n", "--pidfile=", "web", "--path", site.toString(),
                "--listen", "tcp:port=" + twistedPort + ":interface=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("twistd.log").toFile()).start();
        try {
            TwistedDifferentialIT.awaitPort(twistedPort, twisted, "twistd3 (install python3-twisted)");
            for (String head : headsTwistedServes()) {
                assertThat(exchange(twistedPort, head).statuses()).as("%d bytes", head.length()).containsExactly(200);
            }
            for (String head : headsTwistedRefuses()) {
                Exchange e = exchange(twistedPort, head);
                assertThat(e.statuses()).as("%d bytes", head.length()).isIn(List.of(), List.of(400));
                assertThat(e.closed()).isTrue();
            }
        } finally {
            twisted.destroy();
            twisted.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code --request-header-size} and {@code --max-headers} move the lines; values that make
     * no sense are one line on stderr and status 2.
     */
    @Test
    void theHeadLimitsAreOptions() throws Exception {
        Run run = Run.start(LauncherProcessIT.jar("web", "--pidfile=", "--path", site.toString(),
                "--listen", "tcp:port=0:interface=127.0.0.1", "--request-header-size", "4096", "--max-headers", "20"));
        try {
            int limited = Integer.parseInt(run.awaitLine(SERVING_HTTP).group(1));
            assertThat(exchange(limited, withFields("Cookie: a=" + "x".repeat(3500) + "\r\n")).statuses())
                    .containsExactly(200);
            assertThat(exchange(limited, withFields("Cookie: a=" + "x".repeat(4500) + "\r\n")).statuses())
                    .containsExactly(431);
            assertThat(exchange(limited, withFields(fields(18))).statuses()).as("20 fields").containsExactly(200);
            assertThat(exchange(limited, withFields(fields(19))).statuses()).as("21 fields").containsExactly(431);
        } finally {
            run.process().destroyForcibly();
        }
        for (List<String> wrong : List.of(List.of("--request-header-size", "100"), List.of("--max-headers", "0"),
                List.of("--request-header-timeout", "-1"), List.of("--request-header-timeout", "soon"))) {
            List<String> args = new ArrayList<>(List.of("web", "--pidfile=", "--path", site.toString(), "--listen",
                    "tcp:port=0:interface=127.0.0.1"));
            args.addAll(wrong);
            Run mistaken = Run.start(LauncherProcessIT.jar(args.toArray(String[]::new)));
            assertThat(mistaken.awaitExit()).as("%s", wrong).isEqualTo(2);
            assertThat(mistaken.err()).as("%s", wrong).hasSize(1);
            assertThat(mistaken.err().get(0)).contains(wrong.get(0));
        }
    }

    // ---- a deadline for the whole request head ----

    /**
     * A head trickled a byte every 0.5 s (each byte starting Jetty's 30 s idle timeout again)
     * is cut at its 3 s deadline with a 408 and the connection closed, while a normal client
     * gets each of its pages at once meanwhile.
     */
    @Test
    void aHeadTrickledByteByByteIsCutAtItsDeadlineWhileOthersAreServed() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        AtomicBoolean trickling = new AtomicBoolean(true);
        int mark = server.err().size();
        try (Socket slow = new Socket("127.0.0.1", port)) {
            Future<List<Long>> others = threads.submit(() -> {
                List<Long> millis = new ArrayList<>();
                while (trickling.get()) {
                    long t0 = System.nanoTime();
                    Exchange e = exchange(port, "GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    assertThat(e.bodies()).containsExactly("hello\n");
                    millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    Thread.sleep(250);
                }
                return millis;
            });
            byte[] head = RawHttp.bytes("GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(50) + "\r\n\r\n");
            long start = System.nanoTime();
            Future<Integer> written = threads.submit(() -> RawHttp.trickle(slow.getOutputStream(), head,
                    Duration.ofMillis(500)));
            Exchange cut = RawHttp.readAll(slow, DEADLINE.multipliedBy(3));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            trickling.set(false);
            assertThat(cut.statuses()).as(cut.raw()).containsExactly(408);
            assertThat(cut.closed()).isTrue();
            assertThat(tookMillis).as("cut at the deadline").isBetween(DEADLINE.toMillis() - 300,
                    DEADLINE.toMillis() + 2000);
            assertThat(written.get(10, TimeUnit.SECONDS)).as("bytes of the head sent").isLessThan(head.length);
            List<Long> millis = others.get(10, TimeUnit.SECONDS);
            assertThat(millis).as("pages served meanwhile").hasSizeGreaterThanOrEqualTo(4)
                    .allMatch(ms -> ms < 1000, "each within 1 s");
            quietLog(mark, 1);
        } finally {
            trickling.set(false);
            threads.shutdownNow();
        }
    }

    /**
     * The deadline runs from a head's first byte: a head sent in pieces over 2 s is served, and
     * a kept-alive connection may wait longer than the deadline before its next request (the
     * idle timeout's business, 30 s), which is then served too.
     */
    @Test
    void aSlowButWholeHeadIsServedAndAKeptAliveConnectionMayWaitBetweenRequests() throws Exception {
        try (Socket client = new Socket("127.0.0.1", port)) {
            OutputStream out = client.getOutputStream();
            String head = "GET /echo.rpy/first HTTP/1.1\r\nHost: x\r\nX-Pieces: " + "p".repeat(40) + "\r\n\r\n";
            int piece = head.length() / 10 + 1;
            for (int i = 0; i < head.length(); i += piece) {
                out.write(RawHttp.bytes(head.substring(i, Math.min(head.length(), i + piece))));
                out.flush();
                Thread.sleep(200);
            }
            client.setSoTimeout(5000);
            byte[] first = new byte[4096];
            int n = client.getInputStream().read(first);
            assertThat(new String(first, 0, Math.max(0, n), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200").endsWith("GET /echo.rpy/first 0\n");
            Thread.sleep(DEADLINE.toMillis() + 1000);
            out.write(RawHttp.bytes("GET /echo.rpy/second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            out.flush();
            Exchange second = RawHttp.readAll(client);
            assertThat(second.bodies()).containsExactly("GET /echo.rpy/second 0\n");
        }
    }

    /** The deadline holds on {@code ssl:} and {@code unix:} endpoints as on {@code tcp:} ones. */
    @Test
    void theDeadlineHoldsOverTlsAndUnixSocketsToo() throws Exception {
        byte[] head = RawHttp.bytes("GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(50) + "\r\n\r\n");
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            SSLContext tls = TrustingTls.context();
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", tlsPort);
            secure.startHandshake();
            SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX);
            unix.connect(UnixDomainSocketAddress.of(socket));
            long start = System.nanoTime();
            CompletableFuture<Integer> tlsWritten = CompletableFuture.supplyAsync(() -> trickle(secure, head), threads);
            CompletableFuture<Integer> unixWritten = CompletableFuture.supplyAsync(() -> trickle(unix, head), threads);
            Future<Exchange> unixCut = threads.submit(() -> readAll(unix));
            Exchange tlsCut = RawHttp.readAll(secure, DEADLINE.multipliedBy(3));
            long tlsMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tlsCut.statuses()).as("over TLS: " + tlsCut.raw()).containsExactly(408);
            assertThat(tlsMillis).as("over TLS").isBetween(DEADLINE.toMillis() - 300, DEADLINE.toMillis() + 2000);
            assertThat(unixCut.get(10, TimeUnit.SECONDS).statuses()).as("over a Unix socket").containsExactly(408);
            assertThat(tlsWritten.get(10, TimeUnit.SECONDS)).isLessThan(head.length);
            assertThat(unixWritten.get(10, TimeUnit.SECONDS)).isLessThan(head.length);
            secure.close();
            unix.close();
        } finally {
            threads.shutdownNow();
        }
    }

    private static int trickle(Socket socket, byte[] head) {
        try {
            return RawHttp.trickle(socket.getOutputStream(), head, Duration.ofMillis(500));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int trickle(SocketChannel channel, byte[] head) {
        try {
            return RawHttp.trickle(Channels.newOutputStream(channel), head, Duration.ofMillis(500));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a Unix socket until the server closes it, or for at most 10 s. */
    private static Exchange readAll(SocketChannel channel) throws IOException {
        StringBuilder in = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean closed = false;
        while (System.nanoTime() < deadline) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException reset) {
                closed = true;
                break;
            }
            if (n < 0) {
                closed = true;
                break;
            }
            in.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
        }
        return new Exchange(RawHttp.parse(in.toString()), closed, in.toString());
    }

    // ---- helpers ----

    /** A POST to the echo script with the fields and body given, then a pipelined request. */
    private static String post(String fields, String body) {
        return "POST /echo.rpy HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n" + body + SMUGGLED;
    }

    /** A chunked POST to the echo script, then {@link #NEXT}. */
    private static String chunked(String chunks) {
        return "POST /echo.rpy HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks;
    }

    /**
     * Each request must get one answer, a 400, and the connection closed: the request
     * pipelined after it is never answered. At most one log line per request, no stack trace.
     */
    private static void refusedWith400(Map<String, String> requests) throws Exception {
        int mark = server.err().size();
        for (Map.Entry<String, String> request : requests.entrySet()) {
            Exchange e = exchange(port, request.getValue());
            String what = request.getKey() + ": " + e.raw();
            assertThat(e.statuses()).as(what).containsExactly(400);
            assertThat(e.raw()).as(what).doesNotContain("smuggled");
            assertThat(e.closed()).as("closed after " + what).isTrue();
        }
        quietLog(mark, requests.size());
    }

    /**
     * Each request (a POST of "abc" to the echo script) must be read as one body of 3 bytes,
     * and the request after it answered.
     */
    private static void acceptedWithBody3(Map<String, String> requests) throws Exception {
        for (Map.Entry<String, String> request : requests.entrySet()) {
            String text = request.getValue().endsWith(SMUGGLED)
                    ? request.getValue().substring(0, request.getValue().length() - SMUGGLED.length())
                    : request.getValue();
            Exchange e = exchange(port, text + NEXT);
            assertThat(e.bodies()).as(request.getKey() + ": " + e.raw())
                    .containsExactly("POST /echo.rpy 3\n", "GET /echo.rpy/next 0\n");
        }
    }

    /** The server logged at most {@code max} lines since {@code mark}, and no stack trace. */
    private static void quietLog(int mark, int max) throws InterruptedException {
        Thread.sleep(300);
        assertThat(linesSince(server, mark)).as("the log").hasSizeLessThanOrEqualTo(max)
                .noneMatch(line -> STACK_TRACE.matcher(line).find());
    }

    /**
     * @return a copy of the stderr lines from {@code mark} on, taken under the list's lock: the
     *         pump may add a line meanwhile, which would break a view of the list being read
     */
    private static List<String> linesSince(Run run, int mark) {
        List<String> err = run.err();
        synchronized (err) {
            return List.copyOf(err.subList(mark, err.size()));
        }
    }
}
