package dev.twistlet.launcher;

import static dev.twistlet.launcher.RawHttp.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.launcher.LauncherProcessIT.Run;
import dev.twistlet.launcher.RawHttp.Exchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request smuggling through {@code ReverseProxyResource}: a configuration script serves a
 * back end that records every request it receives (method, URI, body length and body) and,
 * in front of it, a reverse proxy to it; hostile requests go to the front as exact bytes on
 * a socket. The back end must see exactly the requests the client meant: none for a request
 * the front refuses, never the request a broken framing hides, and each body whole, never
 * cut short or merged with the next request.
 *
 * <p>Each case has a path of its own ({@code /cN/...}), so a record that arrives late is still
 * counted against its case.
 */
class ProxySmugglingIT {
    private static final Pattern SERVING = Pattern.compile("serving http://[^:]+:(\\d+)/");
    /** The back end's record of a request whose body could not be read to its end. */
    private static final String ABORTED = "ABORTED";

    @TempDir
    static Path dir;
    static Run run;
    static int front;
    static int back;
    private static int cases;

    @BeforeAll
    static void start() throws Exception {
        back = TwistedDifferentialIT.freePort();
        Path script = dir.resolve("proxied.java");
        Files.writeString(script, """
                import dev.twistlet.web.IResource;
                import dev.twistlet.web.Request;
                import dev.twistlet.web.Resource;
                import dev.twistlet.web.Site;
                import dev.twistlet.web.proxy.ReverseProxyResource;
                import java.nio.charset.StandardCharsets;
                import java.util.List;
                import java.util.concurrent.CopyOnWriteArrayList;

                List<String> seen = new CopyOnWriteArrayList<>();

                // Records each request it receives: method, URI, body length, body (CR and LF escaped).
                class Recorder extends Resource {
                    @Override
                    public boolean isLeaf() {
                        return true;
                    }

                    @Override
                    public Object render(Request request) {
                        String line;
                        try (var in = request.getContent()) {
                            byte[] body = in.readAllBytes();
                            line = request.getMethod() + " " + request.getUri() + " " + body.length + " "
                                    + new String(body, StandardCharsets.ISO_8859_1).replace("\\r", "\\\\r").replace("\\n", "\\\\n");
                        } catch (Exception e) {
                            line = request.getMethod() + " " + request.getUri() + " ABORTED";
                        }
                        seen.add(line);
                        return "recorded " + line + "\\n";
                    }
                }

                class Seen extends Resource {
                    @Override
                    public Object renderGet(Request request) {
                        request.setHeader("Content-Type", "text/plain; charset=utf-8");
                        return String.join("\\n", seen);
                    }
                }

                class Root extends Resource {
                    @Override
                    public IResource getChild(String name, Request request) {
                        return name.equals("__seen") ? new Seen() : new Recorder();
                    }
                }

                application.listen("tcp:port=BACK:interface=127.0.0.1", new Site(new Root()));
                application.listen("tcp:port=0:interface=127.0.0.1",
                        new Site(new ReverseProxyResource("127.0.0.1", BACK, "")));
                """.replace("BACK", Integer.toString(back)));
        run = Run.start(LauncherProcessIT.jar("--pidfile=", "-ny", script.toString()));
        int first = Integer.parseInt(run.awaitLine(SERVING).group(1));
        int second = Integer.parseInt(run.awaitLine(SERVING).group(1));
        front = first == back ? second : first;
        // The script compiles its classes once; the first request through also opens the pool.
        assertThat(exchange(front, "GET /warm HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodies())
                .containsExactly("recorded GET /warm 0 \n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (run != null) {
            run.process().destroy();
            if (!run.process().waitFor(20, TimeUnit.SECONDS)) {
                run.process().destroyForcibly();
            }
        }
    }

    /** @return what the back end recorded, in order */
    private static List<String> seen() throws Exception {
        Exchange e = exchange(back, "GET /__seen HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(e.statuses()).containsExactly(200);
        return e.bodies().get(0).isEmpty() ? List.of() : Arrays.asList(e.bodies().get(0).split("\n"));
    }

    /** @return what the back end recorded under {@code prefix}, once records have settled */
    private static List<String> seenUnder(String prefix) throws Exception {
        Thread.sleep(300);
        return seen().stream().filter(line -> line.split(" ")[1].startsWith(prefix)).toList();
    }

    /** A path prefix of its own for the next case. */
    private static String nextCase() {
        return "/c" + ++cases + "/";
    }

    /** A POST to {@code prefix + "post"} with the fields and body given, then a pipelined GET of {@code prefix + "smuggled"}. */
    private static String post(String prefix, String fields, String body) {
        return "POST " + prefix + "post HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n" + body
                + "GET " + prefix + "smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /**
     * The CVE cases a careful server refuses (two lengths, a length with chunked, lengths
     * and field names with odd characters, folded lines, unknown codings): the front answers
     * 400 and closes, and the back end receives nothing at all, neither the request nor the
     * one pipelined behind it.
     */
    @Test
    void aHeadTheFrontRefusesSendsNothingToTheBackEnd() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("two different lengths", "Content-Length: 3\r\nContent-Length: 10\r\n");
        fields.put("length, then chunked", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n");
        fields.put("chunked, then length", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n");
        fields.put("a plus sign", "Content-Length: +3\r\n");
        fields.put("hexadecimal", "Content-Length: 0x3\r\n");
        fields.put("a vertical tab", "Content-Length: \u000b3\r\n");
        fields.put("a space before the colon", "Content-Length : 3\r\n");
        fields.put("a space before the colon of Transfer-Encoding", "Transfer-Encoding : chunked\r\n");
        fields.put("a folded Content-Length", "Content-Length:\r\n 3\r\n");
        fields.put("a folded line", "X-Folded: a\r\n b\r\nContent-Length: 3\r\n");
        fields.put("an unknown coding", "Transfer-Encoding: xchunked\r\n");
        fields.put("chunked twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n");
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String prefix = nextCase();
            String body = field.getValue().contains("chunked") ? "0\r\n\r\n" : "abc";
            Exchange e = exchange(front, post(prefix, field.getValue(), body));
            String what = field.getKey() + ": " + e.raw();
            assertThat(e.statuses()).as(what).containsExactly(400);
            assertThat(e.closed()).as(what).isTrue();
            assertThat(seenUnder(prefix)).as("the back end, after " + field.getKey()).isEmpty();
        }
    }

    /**
     * A malformed chunked body (CVE-2022-24801) the front has begun to forward: the back end
     * never receives it as a whole request (at most it sees the upstream request broken off,
     * its body unreadable), nor the request pipelined behind it.
     */
    @Test
    void aMalformedChunkedBodyNeverReachesTheBackEndAsARequest() throws Exception {
        for (Map.Entry<String, String> chunks : HostileClientsIT.MALFORMED_CHUNKS.entrySet()) {
            String prefix = nextCase();
            Exchange e = exchange(front, post(prefix, "Transfer-Encoding: chunked\r\n", chunks.getValue()));
            String what = chunks.getKey() + ": " + e.raw();
            assertThat(e.responses()).as(what).hasSizeLessThanOrEqualTo(1);
            assertThat(e.raw()).as(what).doesNotContain("smuggled");
            assertThat(e.closed()).as(what).isTrue();
            assertThat(seenUnder(prefix)).as("the back end, after " + chunks.getKey())
                    .allMatch(line -> line.equals("POST " + prefix + "post ABORTED"), "broken off, if anything");
        }
    }

    /**
     * A malformed chunked body is the client's fault: the front answers 400, as it does without
     * a proxy, not 502 (the upstream did nothing wrong). This is the bridge's doing (it reads
     * the body before {@code ReverseProxyResource} renders, issue #20): it passes since commit
     * 5d77d3b; before it, the proxy answered 502.
     */
    @Test
    void aMalformedChunkedBodyIs400FromTheFrontToo() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> chunks : HostileClientsIT.MALFORMED_CHUNKS.entrySet()) {
            Exchange e = exchange(front, post(nextCase(), "Transfer-Encoding: chunked\r\n", chunks.getValue()));
            if (!e.statuses().equals(List.of(400))) {
                wrong.add(chunks.getKey() + ": " + e.statuses());
            }
        }
        assertThat(wrong).as("cases not answered 400").isEmpty();
    }

    /**
     * Requests pipelined to the front (CVE-2023-46137, CVE-2024-41671), with bodies framed by
     * length and by chunks, one of them a body that looks like a request: the back end sees
     * exactly these requests, in order, each body whole and apart; the client gets each
     * answer once, in order.
     */
    @Test
    void pipelinedRequestsReachTheBackEndExactlyAsSent() throws Exception {
        String p = nextCase();
        String inner = "GET " + p + "smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        Exchange e = exchange(front, "POST " + p + "1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "POST " + p + "2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n"
                + "X-Trailer: t\r\n\r\n"
                + "GET " + p + "3 HTTP/1.1\r\nHost: x\r\nContent-Length: " + inner.length() + "\r\n\r\n" + inner
                + "PUT " + p + "4 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                + "GET " + p + "5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String escaped = inner.replace("\r", "\\r").replace("\n", "\\n");
        List<String> expected = List.of("POST " + p + "1 3 abc", "POST " + p + "2 5 abcde",
                "GET " + p + "3 " + inner.length() + " " + escaped, "PUT " + p + "4 0 ", "GET " + p + "5 0 ");
        assertThat(e.statuses()).as(e.raw()).containsExactly(200, 200, 200, 200, 200);
        assertThat(e.bodies()).containsExactlyElementsOf(expected.stream().map(line -> "recorded " + line + "\n").toList());
        assertThat(seenUnder(p)).containsExactlyElementsOf(expected);
    }
}
