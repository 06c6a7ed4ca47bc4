package dev.twistlet.web.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.cgi.CGIScript;
import dev.twistlet.web.proxy.ProxyResource;
import dev.twistlet.web.proxy.ReverseProxyResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CGI script and an HTTP upstream send the same header block, with its own {@code Server},
 * a {@code Date} from 1970 and hop-by-hop headers (the standard ones and one its
 * {@code Connection} names); served through a real Jetty, both answers reach a raw client
 * with the same headers: the end-to-end ones, in order, and the front server's own
 * {@code Server}, {@code Date} and framing (for a client that asked to close, the end of the
 * connection), as for a resource of its own.
 */
class SameHeadersForEveryUpstreamTest {
    /** The header block both upstreams send, CRLF-separated, without the final empty line. */
    static final String HEADERS = String.join("\r\n",
            "Content-Type: text/plain",
            "Server: upstream/1.0",
            "Date: Thu, 01 Jan 1970 00:00:00 GMT",
            "Connection: X-Custom, close",
            "X-Custom: for this hop only",
            "Keep-Alive: timeout=5",
            "Proxy-Connection: keep-alive",
            "Proxy-Authenticate: Basic realm=\"upstream\"",
            "Transfer-Encoding: chunked",
            "Cache-Control: no-cache",
            "Set-Cookie: a=1",
            "Set-Cookie: b=2",
            "X-End-To-End: kept");

    @TempDir
    static Path dir;
    static ServerSocket upstream;
    static JettyFixture front;
    /** A forward proxy, serving loopback clients. */
    static JettyFixture forward;

    @BeforeAll
    static void start() throws Exception {
        upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread serving = new Thread(SameHeadersForEveryUpstreamTest::serveUpstream, "raw-upstream");
        serving.setDaemon(true);
        serving.start();
        Path script = dir.resolve("headers.cgi");
        // The script's body is plain bytes: its Transfer-Encoding line is a lie the relay must drop.
        Files.writeString(script, "#!/bin/sh\nprintf '" + HEADERS.replace("\r\n", "\\r\\n") + "\\r\\n\\r\\nhello'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        Resource root = new Resource();
        root.putChild("cgi", new CGIScript(script));
        root.putChild("proxy", new ReverseProxyResource("127.0.0.1", upstream.getLocalPort(), ""));
        root.putChild("own", new Resource() {
            @Override
            public Object renderGet(Request request) {
                request.setHeader("Content-Type", "text/plain");
                return "hello";
            }
        });
        front = JettyFixture.serve(new Site(root));
        forward = JettyFixture.serve(new Site(new ProxyResource()));
    }

    @AfterAll
    static void stop() throws Exception {
        front.close();
        forward.close();
        upstream.close();
    }

    /** Answers each request on its own connection with HEADERS and a chunked "hello", then closes. */
    private static void serveUpstream() {
        while (!upstream.isClosed()) {
            try (Socket socket = upstream.accept()) {
                InputStream in = socket.getInputStream();
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
                }
                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\n" + HEADERS + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // closed at the end of the tests, or a client that went away
            }
        }
    }

    /** The whole answer to a GET of {@code path} with {@code Connection: close}, as bytes read raw. */
    static String fetch(String path) throws IOException {
        return fetch(front, path, "127.0.0.1");
    }

    static String fetch(JettyFixture server, String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The header lines of an answer, names in lower case, the date's value and the length left out. */
    static List<String> headers(String answer) {
        List<String> lines = new ArrayList<>();
        for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
            if (lines.isEmpty() && line.startsWith("HTTP/")) {
                lines.add(line);
                continue;
            }
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                // Framing is the front server's: a script that ends before the response is held
                // open is sent with a length, one that ends later is streamed to the close.
                continue;
            }
            lines.add(name.equals("date") ? "date: (the front server's)" : name + ":" + line.substring(colon + 1));
        }
        return lines;
    }

    /** The body of an answer that ends when the connection closes. */
    static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aScriptAndAnHttpUpstreamSendingTheSameHeadersGiveTheClientTheSameHeaders() throws Exception {
        String cgi = fetch("/cgi");
        String proxy = fetch("/proxy");
        assertThat(headers(cgi)).as("CGI and proxy alike").isEqualTo(headers(proxy));
        assertThat(body(cgi)).isEqualTo("hello");
        assertThat(body(proxy)).isEqualTo("hello");
    }

    @Test
    void theClientGetsTheEndToEndHeadersAndTheFrontServersOwnServerDateAndFraming() throws Exception {
        List<String> own = headers(fetch("/own"));
        String frontServer = own.stream().filter(h -> h.startsWith("server:")).findFirst().orElse(null);
        List<String> expected = new ArrayList<>(List.of("HTTP/1.1 200 OK", "date: (the front server's)"));
        if (frontServer != null) {
            expected.add(1, frontServer);
        }
        expected.addAll(List.of("content-type: text/plain", "cache-control: no-cache", "set-cookie: a=1",
                "set-cookie: b=2", "x-end-to-end: kept", "connection: close"));
        String answer = fetch("/proxy");
        List<String> relayed = headers(answer);
        assertThat(relayed).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(relayed.stream().filter(h -> h.startsWith("set-cookie:")).toList()).as("repeated, in order")
                .containsExactly("set-cookie: a=1", "set-cookie: b=2");
        assertThat(answer.substring(0, answer.indexOf("\r\n\r\n"))).doesNotContain("upstream/1.0")
                .doesNotContain("1970").doesNotContainIgnoringCase("x-custom").doesNotContainIgnoringCase("keep-alive")
                .doesNotContainIgnoringCase("proxy-").doesNotContainIgnoringCase("transfer-encoding");
        assertThat(body(answer)).as("no framing of the upstream's: the front's own, here the end of the connection")
                .isEqualTo("hello");
    }

    @Test
    void aForwardProxyPassesTheOriginsServerAndDateOnAndTheSameHopByHopRule() throws Exception {
        String origin = "127.0.0.1:" + upstream.getLocalPort();
        String answer = fetch(forward, "http://" + origin + "/", origin);
        List<String> lines = new ArrayList<>();
        for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
            lines.add(line.toLowerCase(Locale.ROOT));
        }
        assertThat(lines).as("an intermediary, not the origin: one Server and one Date, the origin's")
                .containsOnlyOnce("server: upstream/1.0", "date: thu, 01 jan 1970 00:00:00 gmt")
                .filteredOn(h -> h.startsWith("date:") || h.startsWith("server:")).hasSize(2);
        List<String> gateway = headers(fetch("/proxy"));
        gateway.removeIf(h -> h.startsWith("date:") || h.startsWith("server:"));
        List<String> forwarded = headers(answer);
        forwarded.removeIf(h -> h.startsWith("date:") || h.startsWith("server:") || h.startsWith("via:"));
        assertThat(forwarded).as("everything else as a gateway relays it").isEqualTo(gateway);
        assertThat(body(answer)).isEqualTo("hello");
    }
}
