package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twistlet.launcher.LauncherProcessIT.Run;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code twistlet web} option of the launcher issue, with the launcher as a process:
 * {@code --help}, several endpoints, TLS from PEM files made by {@code openssl}, HTTP/2
 * both ways, the access log, {@code --add-header}, tracebacks, the pid file, and the
 * mistakes a user makes.
 */
class LauncherOptionsIT {
    private static final String HELLO_CLASS = "dev.twistlet.launcher.it.HelloResource";
    private static final String CLASSES = Path.of("target/test-classes").toAbsolutePath().toString();
    private static final Pattern SERVING = Pattern.compile("serving (\\S+)");

    @TempDir
    Path dir;
    private final List<Run> runs = new ArrayList<>();

    @AfterEach
    void stopAll() {
        runs.forEach(run -> run.process().destroyForcibly());
    }

    private Run start(String... args) throws Exception {
        Run run = Run.start(new ProcessBuilder(LauncherProcessIT.jar(args)).directory(dir.toFile()));
        runs.add(run);
        return run;
    }

    /** Starts a server of the test's HelloResource with the options given, and its URLs. */
    private List<URI> hello(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("web", "--class", HELLO_CLASS, "--classpath", CLASSES));
        args.addAll(List.of(options));
        Run run = start(args.toArray(String[]::new));
        List<URI> urls = new ArrayList<>();
        int endpoints = (int) args.stream().filter(a -> a.equals("--listen")).count();
        for (int i = 0; i < Math.max(1, endpoints); i++) {
            urls.add(URI.create(run.awaitLine(SERVING).group(1)));
        }
        return urls;
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return get(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), uri);
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl %s: %s", args, out).isZero();
    }

    /** A client that trusts the certificate in {@code cert}, asking for HTTP/2. */
    private HttpClient trusting(String cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve(cert))) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_2).build();
    }

    @Test
    void helpListsEveryOptionInTwistdsOrderWithDefaults() throws Exception {
        Run run = start("web", "--help");
        assertThat(run.awaitExit()).isZero();
        List<String> ours = longOptions(String.join("\n", run.out()));
        Process twistd = new ProcessBuilder("twistd3", "web", "--help").redirectErrorStream(true).start();
        List<String> theirs = longOptions(new String(twistd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        twistd.waitFor();
        assertThat(theirs).as("twistd3 web --help was read").contains("--listen", "--path", "--add-header");
        List<String> shared = theirs.stream().filter(ours::contains).toList();
        assertThat(shared).as("every twistd web option but --wsgi (see --servlet) is here")
                .containsExactlyElementsOf(theirs.stream().filter(o -> !o.equals("--wsgi")).toList());
        assertThat(ours.stream().filter(shared::contains).toList()).as("in twistd's order").isEqualTo(shared);
        String help = String.join("\n", run.out());
        assertThat(help).contains("Default: tcp:8080").contains("Default: twistlet.pid").contains("Default: server.pem")
                .contains("--servlet").contains("--personal").contains("--user-base").contains("--logformat");
        Run version = start("--version");
        assertThat(version.awaitExit()).isZero();
        assertThat(String.join("", version.out())).startsWith("Twistlet 0.").contains("Java ");
    }

    private static List<String> longOptions(String help) {
        List<String> options = new ArrayList<>();
        var m = Pattern.compile("(?m)^ {2}(?:-\\w, | {4})(--[\\w-]+)").matcher(help);
        while (m.find()) {
            options.add(m.group(1));
        }
        return options;
    }

    @Test
    void severalEndpointsServeAtOnceEachOverHttp1AndHttp2() throws Exception {
        Path socket = dir.resolve("web.sock");
        List<URI> urls = hello("--listen", "tcp:port=0:interface=127.0.0.1", "--listen", "tcp:0:interface=127.0.0.1",
                "--listen", "unix:" + socket);
        assertThat(urls.get(0).getPort()).isNotEqualTo(urls.get(1).getPort());
        assertThat(urls.get(2)).hasToString("unix:" + socket);
        HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (URI url : urls.subList(0, 2)) {
            HttpResponse<String> r = get(h2c, url);
            assertThat(r.body()).isEqualTo("<html>Hello from the user's class at []</html>");
            assertThat(r.version()).as("h2c by upgrade").isEqualTo(HttpClient.Version.HTTP_2);
        }
        assertThat(curl("--http2-prior-knowledge", "-w", " %{http_version}", urls.get(0).toString()))
                .isEqualTo("<html>Hello from the user's class at []</html> 2");
        assertThat(h2load(urls.get(0))).as("h2load with prior knowledge").contains("Application protocol: h2c\n")
                .contains("500 succeeded, 0 failed");
        assertThat(curl("--unix-socket", socket.toString(), "http://localhost/"))
                .isEqualTo("<html>Hello from the user's class at []</html>");
    }

    /** 500 requests on 5 connections, 10 streams at a time on each. */
    private static String h2load(URI url) throws Exception {
        Process p = new ProcessBuilder("h2load", "-n", "500", "-c", "5", "-m", "10", url.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("h2load: %s", out).isZero();
        return out;
    }

    private String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("curl: %s", err).isZero();
        return out;
    }

    @Test
    void tlsFromPemFilesInEveryKeyFormServesHttp2ByAlpn() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "pkcs8.pem", "-out", "rsa.crt",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2");
        openssl("rsa", "-in", "pkcs8.pem", "-traditional", "-out", "pkcs1.pem");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem");
        openssl("req", "-x509", "-key", "ec.pem", "-out", "ec.crt", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2");
        openssl("pkcs12", "-export", "-inkey", "pkcs8.pem", "-in", "rsa.crt", "-out", "site.p12", "-passout", "pass:s3cret");
        assertThat(Files.readString(dir.resolve("pkcs8.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("pkcs1.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("ec.pem"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        Files.writeString(dir.resolve("both.pem"), Files.readString(dir.resolve("pkcs1.pem")) + Files.readString(dir.resolve("rsa.crt")));

        List<URI> urls = hello(
                "--listen", "ssl:0:interface=127.0.0.1:privateKey=pkcs8.pem:certKey=rsa.crt",
                "--listen", "ssl:0:interface=127.0.0.1:privateKey=pkcs1.pem:certKey=rsa.crt",
                "--listen", "ssl:0:interface=127.0.0.1:privateKey=ec.pem:certKey=ec.crt",
                "--listen", "ssl:0:interface=127.0.0.1:privateKey=both.pem",
                "--listen", "ssl:0:interface=127.0.0.1:keystore=site.p12:password=s3cret");
        for (int i = 0; i < urls.size(); i++) {
            URI url = urls.get(i);
            assertThat(url.getScheme()).isEqualTo("https");
            HttpResponse<String> r = get(trusting(i == 2 ? "ec.crt" : "rsa.crt"), url);
            assertThat(r.body()).as(url.toString()).isEqualTo("<html>Hello from the user's class at []</html>");
            assertThat(r.version()).as("h2 by ALPN on %s", url).isEqualTo(HttpClient.Version.HTTP_2);
        }
        assertThat(h2load(urls.get(0))).as("h2load over TLS").contains("Application protocol: h2\n")
                .contains("500 succeeded, 0 failed");
        HttpClient http1 = HttpClient.newBuilder().sslContext(trusting("rsa.crt").sslContext())
                .version(HttpClient.Version.HTTP_1_1).build();
        assertThat(get(http1, urls.get(0)).version()).as("HTTP/1.1 still offered").isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void theDeprecatedHttpsOptionsStillWorkWithANotice() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.pem", "-out", "cert.pem",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2");
        Files.writeString(dir.resolve("server.pem"), Files.readString(dir.resolve("server.pem"))
                + Files.readString(dir.resolve("cert.pem")));
        Run run = start("web", "--class", HELLO_CLASS, "--classpath", CLASSES, "--https", "0", "-p", "0");
        URI http = URI.create(run.awaitLine(SERVING).group(1));
        URI https = URI.create(run.awaitLine(SERVING).group(1));
        assertThat(https.getScheme()).as("--https with the default -c and -k, server.pem").isEqualTo("https");
        assertThat(get(trusting("cert.pem"), https).body()).isEqualTo("<html>Hello from the user's class at []</html>");
        assertThat(get(http).statusCode()).isEqualTo(200);
        assertThat(run.err()).contains("twistlet web: --port is deprecated; use --listen",
                "twistlet web: --https is deprecated; use --listen ssl:PORT:privateKey=KEY:certKey=CERT");
    }

    @Test
    void theAccessLogHasOneWholeCombinedLineForEveryRequestEvenFromManyThreads() throws Exception {
        URI url = hello("--listen", "tcp:port=0:interface=127.0.0.1", "--logfile", "access.log").get(0);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String path = i % 2 == 0 ? "/" : "/nope?n=" + i;
            answers.add(threads.submit(() -> client.send(HttpRequest.newBuilder(url.resolve(path))
                    .header("User-Agent", "tester \"quoted\"").header("Referer", "http://ref.example/").build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get(30, TimeUnit.SECONDS)).isIn(200, 404);
        }
        threads.shutdown();
        Path log = dir.resolve("access.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.readAllLines(log).size() < 400 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(400);
        Pattern combined = Pattern.compile("127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\] "
                + "\"GET (/|/nope\\?n=\\d+) HTTP/1\\.1\" (200 \\d+|404 \\d+) \"http://ref\\.example/\" \"tester \\\\\"quoted\\\\\"\"");
        assertThat(lines).allMatch(line -> combined.matcher(line).matches(), "Combined Log Format");
        assertThat(lines.stream().filter(l -> l.contains("\"GET / HTTP/1.1\" 200 ")).count()).isEqualTo(200);
    }

    @Test
    void theJsonAccessLogWritesAnObjectALineToStandardOutput() throws Exception {
        Run run = start("web", "--class", HELLO_CLASS, "--classpath", CLASSES, "--listen", "tcp:port=0:interface=127.0.0.1",
                "--logfile", "-", "--logformat", "json");
        URI url = URI.create(run.awaitLine(SERVING).group(1));
        assertThat(get(url.resolve("/nope?x=%22y%22")).statusCode()).isEqualTo(404);
        JsonNode line = new ObjectMapper().readTree(run.awaitLine(Pattern.compile("^\\{.*\\}$")).group());
        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isEqualTo(JsonAccessLogTest.FIELDS);
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("uri").asText()).isEqualTo("/nope?x=%22y%22");
        assertThat(line.get("status").asInt()).isEqualTo(404);
        assertThat(line.get("referer").isNull()).isTrue();
    }

    @Test
    void addedHeadersAreOnEveryResponseAndAResourceMayReplaceThem() throws Exception {
        URI url = hello("--listen", "tcp:port=0:interface=127.0.0.1", "--add-header", "X-Site: twistlet",
                "--add-header", "X-Frame-Options: DENY").get(0);
        for (String path : new String[] {"/", "/nope"}) {
            HttpResponse<String> r = get(url.resolve(path));
            assertThat(r.headers().firstValue("X-Site")).as(path).hasValue("twistlet");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(r.headers().firstValue("Server")).as("no Server header, so no version advertised").isEmpty();
        }
        assertThat(get(url.resolve("/own-header")).headers().allValues("X-Site")).containsExactly("the resource's own");
        Run bad = start("web", "--class", HELLO_CLASS, "--classpath", CLASSES, "--add-header", "no colon here");
        assertThat(bad.awaitExit()).isEqualTo(2);
        assertThat(bad.err()).containsExactly("twistlet web: --add-header 'no colon here': expected \"Name: Value\"");
    }

    @Test
    void tracebacksAreHiddenUnlessAskedFor() throws Exception {
        URI hidden = hello("--listen", "tcp:port=0:interface=127.0.0.1", "--pidfile", "a.pid").get(0);
        HttpResponse<String> plain = get(hidden.resolve("/boom"));
        assertThat(plain.statusCode()).isEqualTo(500);
        assertThat(plain.body()).doesNotContain("IllegalStateException").doesNotContain("the resource fails on purpose");
        URI shown = hello("--listen", "tcp:port=0:interface=127.0.0.1", "--display-tracebacks", "--pidfile", "b.pid").get(0);
        HttpResponse<String> traced = get(shown.resolve("/boom"));
        assertThat(traced.statusCode()).isEqualTo(500);
        assertThat(traced.body()).contains("IllegalStateException").contains("the resource fails on purpose");
    }

    @Test
    void thePidFileStopsTheServerAsTheSeedSaysAndIsRemoved() throws Exception {
        Run server = start("web", "--class", HELLO_CLASS, "--classpath", CLASSES, "--listen", "tcp:port=0:interface=127.0.0.1");
        URI url = URI.create(server.awaitLine(SERVING).group(1));
        Path pid = dir.resolve("twistlet.pid");
        assertThat(pid).hasContent(Long.toString(server.process().pid()));
        Run second = start("web", "--class", HELLO_CLASS, "--classpath", CLASSES, "--listen", "tcp:port=0:interface=127.0.0.1");
        assertThat(second.awaitExit()).isEqualTo(2);
        assertThat(second.err()).containsExactly("twistlet web: another server is running (pid " + server.process().pid()
                + ", from " + pid + "); stop it, or give another --pidfile");
        assertThat(get(url).statusCode()).isEqualTo(200);
        // The seed's words, with Twistlet's file name.
        Process kill = new ProcessBuilder("sh", "-c", "kill `cat twistlet.pid`").directory(dir.toFile()).start();
        assertThat(kill.waitFor()).isZero();
        assertThat(server.awaitExit()).isZero();
        assertThat(pid).doesNotExist();
        Run none = start("web", "--class", HELLO_CLASS, "--classpath", CLASSES, "--listen", "tcp:port=0:interface=127.0.0.1",
                "--pidfile=");
        none.awaitLine(SERVING);
        assertThat(pid).doesNotExist();
    }

    @Test
    void eachMistakeIsOneLineAndStatus2() throws Exception {
        Files.writeString(dir.resolve("not-a-key.pem"), "hello\n");
        int busy;
        try (ServerSocket taken = new ServerSocket(0)) {
            busy = taken.getLocalPort();
            assertMistake("cannot listen on tcp:" + busy + ": ", "--listen", "tcp:" + busy);
        }
        assertMistake("twistlet web: cannot listen on ssl:" + TwistedDifferentialIT.freePort() + ":privateKey=missing.pem: cannot read "
                + dir.resolve("missing.pem") + " (no such file)", "--listen", "ssl:%d:privateKey=missing.pem");
        assertMistake("twistlet web: cannot listen on ssl:" + TwistedDifferentialIT.freePort() + ":privateKey=not-a-key.pem: no private key in "
                + dir.resolve("not-a-key.pem"), "--listen", "ssl:%d:privateKey=not-a-key.pem");
        assertMistake("twistlet web: bad endpoint 'ssl:" + TwistedDifferentialIT.freePort() + ":keystore=x.p12:password=***:certKey=c.pem': certKey and "
                + "extraCertChain go with privateKey, not with keystore", "--listen", "ssl:%d:keystore=x.p12:password=hidden:certKey=c.pem");
        assertMistake("twistlet web: bad endpoint 'tcp:eighty': port 'eighty' is not a number from 0 to 65535",
                "--listen", "tcp:eighty");
        Run path = start("web", "--path", "no-such-folder");
        assertThat(path.awaitExit()).isEqualTo(2);
        assertThat(path.err()).containsExactly("twistlet web: --path no-such-folder: no such file or directory");
        Run log = start("web", "--path", ".", "--logfile", "no-such-folder/access.log", "--listen", "tcp:0");
        assertThat(log.awaitExit()).isEqualTo(2);
        assertThat(log.err()).containsExactly("twistlet web: --logfile no-such-folder/access.log: no folder "
                + dir.resolve("no-such-folder"));
        Run format = start("web", "--path", ".", "--logfile", "access.log", "--logformat", "xml", "--listen", "tcp:0");
        assertThat(format.awaitExit()).isEqualTo(2);
        assertThat(format.err()).containsExactly("twistlet web: --logformat xml: use combined or json");
        Run formatAlone = start("web", "--path", ".", "--logformat", "json", "--listen", "tcp:0");
        assertThat(formatAlone.awaitExit()).isEqualTo(2);
        assertThat(formatAlone.err()).containsExactly("twistlet web: --logformat needs --logfile");
    }

    /** Starts HelloResource with the endpoint option given ({@code %d} becomes a free port). */
    private void assertMistake(String expected, String option, String value) throws Exception {
        String port = Integer.toString(TwistedDifferentialIT.freePort());
        String given = value.replace("%d", port);
        Run run = start("web", "--class", HELLO_CLASS, "--classpath", CLASSES, option, given);
        assertThat(run.awaitExit()).as("exit status").isEqualTo(2);
        assertThat(run.err()).as("stderr").hasSize(1);
        assertThat(run.err().get(0).replace(port, "PORT")).contains(expected.replaceAll("ssl:\\d+", "ssl:PORT")
                .replace("twistlet web: ", ""));
    }
}
