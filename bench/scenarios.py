"""What bench/run measures. Adding a scenario is one entry in OUT_OF_BOX or TUNED (and, for a
new kind of server, one entry in PEERS). Each peer is started once per mode, on its own port,
pinned to the server core; each scenario names the URL path every peer is driven on.

Two modes, run one after the other, each with its own servers:
- out-of-box: every Java server as a user starts it, with the JVM's default flags; the
  launcher through the repository's `twistlet` script (whatever defaults it chooses), beside
  the plainest Jetty servlet server (PlainJettyServer). Also HTTP/2 (h2c, and h2 over TLS).
- tuned: every Java server with JAVA's flags (fixed heap, parallel collector), beside a Jetty
  set up exactly as the launcher's, so that a ratio shows the model's cost."""

from dataclasses import dataclass, field


@dataclass
class Peer:
    """A server bench/run starts: `command` gets {port}, {admin} (port + 700) and {root} filled in;
    `ready`, when set, is the path on {admin} that answers 200 once the server is ready."""
    name: str
    command: list
    label: str
    ready: str = None
    probe: str = "http"  # how the harness asks whether it answers: "http", "https", or "h2c" (prior knowledge only)
    jit: bool = None  # whether it runs on a JVM and needs a JIT warm-up; None: when the command is java or TWISTLET

    @property
    def needs_jit(self):
        return self.jit if self.jit is not None else self.command[0] in ("java", TWISTLET)


@dataclass
class Scenario:
    """One load test: `path` is requested from the subject and from each peer."""
    name: str
    path: str
    subject: str
    peers: list
    title: str
    targets: dict = field(default_factory=dict)  # peer -> minimum ratio subject/peer
    wrk_args: list = field(default_factory=list)
    warmup: int = 0  # seconds of warm-up per peer, for code the JIT needs long to settle (Jersey)
    client: str = "wrk"  # or "websocket": WEBSOCKET_LOAD's echo round trips on `path`, counted as requests;
    #                      or "h2load": HTTP/2, H2_CONNECTIONS connections of H2_STREAMS streams each
    mode: str = "tuned"  # or "out-of-box"
    tls: bool = False  # https:// (h2load negotiates h2 by ALPN); otherwise http:// (h2load: h2c, prior knowledge)


JAVA = ["java", "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch"]  # the tuned mode's JVM
JAVA_DEFAULT = ["java"]  # the out-of-box mode's: the JVM's own defaults
# The launcher as a user starts it: the repository's script, which runs
# `java ${TWISTLET_JAVA_OPTS:-} <its own defaults> -jar launcher/target/twistlet.jar "$@"` (with exec, so
# the process is java's). The harness unsets TWISTLET_JAVA_OPTS for its servers.
TWISTLET = "{root}/twistlet"
TCP = "tcp:port={port}:interface=127.0.0.1"
SSL = "ssl:port={port}:interface=127.0.0.1:privateKey={tls}/key.pem:certKey={tls}/cert.pem"  # made by the harness
PLAIN_JETTY = JAVA_DEFAULT + ["-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.PlainJettyServer",
                              "{port}"]
KEYSTORE_PASSWORD = "twistlet-bench"
KEYSTORE = ["tls", "{tls}/site.p12", KEYSTORE_PASSWORD]  # the same key and certificate, for Jetty

# h2load's load (client="h2load"): connections, and streams in flight on each
H2_CONNECTIONS = 8
H2_STREAMS = 100
H2_WARMUP = 15  # seconds of warm-up of a JVM in each HTTP/2 scenario: HTTP/2 and TLS code of its own to compile

# The load generator of client="websocket" scenarios (wrk has no WebSockets), pinned as wrk is;
# the harness appends HOST PORT PATH CONNECTIONS WARMUP SECONDS SIZE (see WebSocketLoad's javadoc).
WEBSOCKET_LOAD = ["java", "-Xms256m", "-Xmx256m", "-XX:+UseParallelGC", "-cp", "{root}/bench/target/twistlet-bench.jar",
                  "dev.twistlet.bench.WebSocketLoad"]
WEBSOCKET_MESSAGE = 32  # bytes of text in each message

PEERS = {
    "twistlet-files": Peer("twistlet-files", JAVA + [
        "-jar", "{root}/launcher/target/twistlet.jar", "--pidfile=", "web", "--path", "{static}",
        "--listen", "tcp:port={port}:interface=127.0.0.1"],
        "Twistlet (twistlet web --path)"),
    "default-servlet": Peer("default-servlet", JAVA + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.StaticServer", "{port}", "{static}"],
        "Jetty 12 DefaultServlet"),
    "nginx": Peer("nginx", ["{root}/bench/peers/nginx.sh", "{port}", "{static}", "{work}/nginx"],
                  "nginx (nginx-light, 1 worker)"),
    "twisted-files": Peer("twisted-files", ["twistd3", "-n", "--pidfile=", "--logfile=/dev/null", "web",
                                            "--path", "{static}", "--listen", "tcp:port={port}:interface=127.0.0.1"],
                          "Twisted Web 22.4 (twistd3 web --path)"),
    "twistlet": Peer("twistlet", JAVA + [
        "-jar", "{root}/launcher/target/twistlet.jar", "--pidfile=", "web",
        "--class", "dev.twistlet.bench.BenchRoot", "--classpath", "{root}/bench/target/classes",
        "--listen", "tcp:port={port}:interface=127.0.0.1"],
        "Twistlet (twistlet web)"),
    "twistlet-admin": Peer("twistlet-admin", JAVA + [
        "-jar", "{root}/launcher/target/twistlet.jar", "--pidfile=", "web",
        "--class", "dev.twistlet.bench.BenchRoot", "--classpath", "{root}/bench/target/classes",
        "--listen", "tcp:port={port}:interface=127.0.0.1", "--admin", "tcp:port={admin}:interface=127.0.0.1"],
        "Twistlet (twistlet web --admin: metrics on)", ready="/health/ready"),
    "raw-servlet": Peer("raw-servlet", JAVA + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.RawServletServer", "{port}"],
        "raw HttpServlet, same Jetty 12"),
    "jetty-gzip": Peer("jetty-gzip", JAVA + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.CompressedServletServer", "{port}"],
        "raw HttpServlet behind Jetty's CompressionHandler"),
    "twistlet-rpy": Peer("twistlet-rpy", JAVA + [
        "-jar", "{root}/launcher/target/twistlet.jar", "--pidfile=", "web", "--path", "{root}/bench/peers/rpy-java",
        "--listen", "tcp:port={port}:interface=127.0.0.1"],
        "Twistlet (twistlet web --path, a Java .rpy)"),
    "twisted-rpy": Peer("twisted-rpy", ["twistd3", "-n", "--pidfile=", "--logfile=/dev/null", "web",
                                        "--path", "{root}/bench/peers/rpy-python",
                                        "--listen", "tcp:port={port}:interface=127.0.0.1"],
                        "Twisted Web 22.4 (twistd3 web --path, a Python .rpy)"),
    "twistlet-cgi": Peer("twistlet-cgi", JAVA + [
        "-jar", "{root}/launcher/target/twistlet.jar", "--pidfile=", "web", "--path", "{root}/bench/peers/cgi",
        "--listen", "tcp:port={port}:interface=127.0.0.1"],
        "Twistlet (twistlet web --path, a .cgi)"),
    "twisted-cgi": Peer("twisted-cgi", ["twistd3", "-n", "--pidfile=", "--logfile=/dev/null", "web",
                                        "--path", "{root}/bench/peers/cgi",
                                        "--listen", "tcp:port={port}:interface=127.0.0.1"],
                        "Twisted Web 22.4 (twistd3 web --path, the same .cgi)"),
    "jersey-resource": Peer("jersey-resource", JAVA + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.JerseyServer", "{port}", "resource"],
        "Jersey in a ServletResource under a Twistlet tree"),
    "jersey-direct": Peer("jersey-direct", JAVA + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.JerseyServer", "{port}", "direct"],
        "Jersey's ServletContainer mapped at /api/*, same Jetty"),
    "twistlet-proxy": Peer("twistlet-proxy", ["{root}/bench/peers/proxied.sh", "twistlet", "{port}", "{root}",
                                              "{static}", "{work}"],
                           "Twistlet ReverseProxyResource (+ its nginx upstream)", jit=True),
    "jetty-proxy": Peer("jetty-proxy", ["{root}/bench/peers/proxied.sh", "jetty", "{port}", "{root}", "{static}", "{work}"],
                        "Jetty 12 ProxyServlet.Transparent (+ its nginx upstream)", jit=True),
    "twisted-proxy": Peer("twisted-proxy", ["{root}/bench/peers/proxied.sh", "twisted", "{port}", "{root}", "{static}",
                                            "{work}"],
                          "Twisted 22.4 ReverseProxyResource (+ its nginx upstream)"),
    "twistlet-jdbc": Peer("twistlet-jdbc", ["{root}/bench/peers/with-postgres.sh", "{port}", "{root}"],
                          "Twistlet (twistlet web --session-store, PostgreSQL on loopback)", jit=True),
    "twistlet-websocket": Peer("twistlet-websocket", JAVA + [
        "-jar", "{root}/launcher/target/twistlet.jar", "--pidfile=", "web",
        "--resource-script", "{root}/bench/peers/websocket-echo.rpy",
        "--listen", "tcp:port={port}:interface=127.0.0.1"],
        "Twistlet (twistlet web --resource-script, a WebSocketResource echo)"),
    "jakarta-websocket": Peer("jakarta-websocket", JAVA + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.WebSocketEchoServer", "{port}", "async"],
        "Jakarta @ServerEndpoint echo (getAsyncRemote().sendText), same Jetty 12"),
    "twisted": Peer("twisted", ["/usr/bin/python3", "{root}/bench/peers/twisted_hello.py", "{port}"],
                    "Twisted Web 22.4 (twistd's Site, no access log)"),

    # The out-of-box mode's servers: default JVM flags.
    "twistlet-default": Peer("twistlet-default", [
        TWISTLET, "--pidfile=", "web", "--class", "dev.twistlet.bench.BenchRoot",
        "--classpath", "{root}/bench/target/classes", "--listen", TCP],
        "Twistlet (./twistlet web, default flags)"),
    "twistlet-default-tls": Peer("twistlet-default-tls", [
        TWISTLET, "--pidfile=", "web", "--class", "dev.twistlet.bench.BenchRoot",
        "--classpath", "{root}/bench/target/classes", "--listen", SSL],
        "Twistlet (./twistlet web --listen ssl:..., default flags)", probe="https"),
    "twistlet-files-default": Peer("twistlet-files-default", [
        TWISTLET, "--pidfile=", "web", "--path", "{static}", "--listen", TCP],
        "Twistlet (./twistlet web --path, default flags)"),
    "twistlet-files-default-tls": Peer("twistlet-files-default-tls", [
        TWISTLET, "--pidfile=", "web", "--path", "{static}", "--listen", SSL],
        "Twistlet (./twistlet web --path --listen ssl:..., default flags)", probe="https"),
    "plain-jetty": Peer("plain-jetty", PLAIN_JETTY + ["hello"],
                        "plain Jetty 12 HttpServlet (HTTP/1.1, default flags)"),
    "plain-jetty-h2c": Peer("plain-jetty-h2c", PLAIN_JETTY + ["hello", "h2c"],
                            "plain Jetty 12 HttpServlet (h2c, default flags)"),
    "plain-jetty-tls": Peer("plain-jetty-tls", PLAIN_JETTY + ["hello"] + KEYSTORE,
                            "plain Jetty 12 HttpServlet (TLS, h2 by ALPN, default flags)", probe="https"),
    "plain-jetty-files": Peer("plain-jetty-files", PLAIN_JETTY + ["{static}"],
                              "plain Jetty 12 DefaultServlet (HTTP/1.1, default flags)"),
    "plain-jetty-files-h2c": Peer("plain-jetty-files-h2c", PLAIN_JETTY + ["{static}", "h2c"],
                                  "plain Jetty 12 DefaultServlet (h2c, default flags)"),
    "plain-jetty-files-tls": Peer("plain-jetty-files-tls", PLAIN_JETTY + ["{static}"] + KEYSTORE,
                                  "plain Jetty 12 DefaultServlet (TLS, h2 by ALPN, default flags)", probe="https"),
    # The static scenario's ceilings: the file's bytes held in memory, sent with a file server's headers
    # and no lookup at all, so what remains is Jetty's own cost per answer, three ways (CachedFileServer).
    **{"cached-" + how: Peer("cached-" + how, JAVA_DEFAULT + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.CachedFileServer", "{port}",
        "{static}/1k.html", how], "ceiling: " + label + ", the file's bytes in memory (default flags)")
       for how, label in [("nonblocking", "Jetty core handler, non-blocking"),
                          ("blocking", "Jetty core handler, blocking"), ("servlet", "plain HttpServlet")]},
    "raw-servlet-default": Peer("raw-servlet-default", JAVA_DEFAULT + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.RawServletServer", "{port}"],
        "raw HttpServlet, Jetty set up as the launcher's (default flags)"),
    "nginx-h2c": Peer("nginx-h2c", ["{root}/bench/peers/nginx.sh", "{port}", "{static}", "{work}/nginx-h2c", "h2c"],
                      "nginx (nginx-light, 1 worker, h2c)", probe="h2c"),
    "nginx-tls": Peer("nginx-tls", ["{root}/bench/peers/nginx.sh", "{port}", "{static}", "{work}/nginx-tls", "tls",
                                    "{tls}/key.pem", "{tls}/cert.pem"],
                      "nginx (nginx-light, 1 worker, TLS, h2 by ALPN)", probe="https"),
    "twisted-tls": Peer("twisted-tls", ["/usr/bin/python3", "{root}/bench/peers/twisted_hello.py", "{port}", "ssl",
                                        "{tls}/key.pem", "{tls}/cert.pem"],
                        "Twisted Web 22.4 (Site, no access log, TLS, h2 by ALPN)", probe="https"),
    "twisted-files-tls": Peer("twisted-files-tls", ["twistd3", "-n", "--pidfile=", "--logfile=/dev/null", "web",
                                                    "--path", "{static}", "--listen", SSL],
                              "Twisted Web 22.4 (twistd3 web --path, TLS, h2 by ALPN)", probe="https"),
}

# The out-of-box mode: what docs/performance.md leads with.
OUT_OF_BOX = [
    Scenario("hello-6", "/a/b/c/d/e/hello", "twistlet-default", ["plain-jetty", "raw-servlet-default", "twisted"],
             "hello through a six-level tree", {"plain-jetty": 0.95, "twisted": 4.0}, mode="out-of-box"),
    Scenario("static-1k", "/1k.html", "twistlet-files-default", ["plain-jetty-files", "nginx", "twisted-files",
                                                               "cached-nonblocking", "cached-blocking", "cached-servlet"],
             "a 1 KB static file", {"nginx": 1.0, "plain-jetty-files": 1.0, "twisted-files": 5.0}, mode="out-of-box"),
    Scenario("h2c-hello", "/a/b/c/d/e/hello", "twistlet-default", ["plain-jetty-h2c"],
             "hello through a six-level tree over h2c (HTTP/2 by prior knowledge)", {"plain-jetty-h2c": 0.95},
             client="h2load", mode="out-of-box", warmup=H2_WARMUP),
    Scenario("h2c-static-1k", "/1k.html", "twistlet-files-default", ["plain-jetty-files-h2c", "nginx-h2c"],
             "a 1 KB static file over h2c (HTTP/2 by prior knowledge)",
             client="h2load", mode="out-of-box", warmup=H2_WARMUP),
    Scenario("h2-tls-hello", "/a/b/c/d/e/hello", "twistlet-default-tls", ["plain-jetty-tls", "twisted-tls"],
             "hello through a six-level tree over TLS, h2 by ALPN", {"plain-jetty-tls": 0.95},
             client="h2load", mode="out-of-box", warmup=H2_WARMUP, tls=True),
    Scenario("h2-tls-static-1k", "/1k.html", "twistlet-files-default-tls",
             ["plain-jetty-files-tls", "nginx-tls", "twisted-files-tls"],
             "a 1 KB static file over TLS, h2 by ALPN", client="h2load", mode="out-of-box", warmup=H2_WARMUP,
             tls=True),
]

# The out-of-box mode's soak: the launcher (SOAK_PEER) started afresh, then each path driven by its own
# wrk at once for SOAK_SECONDS (a short pass: less), for its resident memory after a mixed load. wrk keeps
# no cookies, so every /session request makes a new session, as a crawler would: held until they expire.
SOAK_PEER = "twistlet-default"
SOAK = [("/a/b/c/d/e/hello", 32), ("/session", 8)]  # (path, connections)
SOAK_SECONDS = 20
SOAK_TARGET_MIB = 512

# The tuned mode (JAVA's flags for every JVM).
TUNED = [
    Scenario("hello-1", "/hello", "twistlet", ["raw-servlet", "twisted"],
             "hello, one level below the root", {"raw-servlet": 0.95, "twisted": 4.0}),
    Scenario("hello-6", "/a/b/c/d/e/hello", "twistlet", ["raw-servlet", "twisted"],
             "hello through a six-level tree", {"raw-servlet": 0.95, "twisted": 4.0}),
    Scenario("hello-metrics", "/a/b/c/d/e/hello", "twistlet-admin", ["twistlet"],
             "hello through a six-level tree with metrics on (--admin), beside metrics off", {"twistlet": 0.95}),
    Scenario("session", "/session", "twistlet", ["raw-servlet", "twisted"],
             "a page that reads and writes the browser's session (one cookie, kept)", {"twisted": 4.0},
             ["-s", "{root}/bench/peers/session.lua"]),
    Scenario("session-jdbc", "/session", "twistlet-jdbc", ["twistlet"],
             "the session page with sessions in PostgreSQL, beside sessions in memory", {},
             ["-s", "{root}/bench/peers/session.lua"]),
    Scenario("proxy", "/1k.html", "twistlet-proxy", ["jetty-proxy", "twisted-proxy"],
             "a 1 KB file through a reverse proxy", {"jetty-proxy": 1.0, "twisted-proxy": 5.0}, warmup=60),
    Scenario("jersey", "/api/hello", "jersey-resource", ["jersey-direct"],
             "a JAX-RS hello through ServletResource", {"jersey-direct": 0.9}, warmup=60),
    Scenario("cgi", "/hello.cgi", "twistlet-cgi", ["twisted-cgi"],
             "a CGI script (/bin/sh) started for every request", {"twisted-cgi": 1.0}),
    Scenario("rpy", "/hello.rpy", "twistlet-rpy", ["twisted-rpy"],
             "a resource script run on every request", {"twisted-rpy": 5.0}),
    Scenario("websocket-echo", "/echo", "twistlet-websocket", ["jakarta-websocket"],
             "WebSocket echo round trips of a %d-byte text message, one in flight per connection"
             % WEBSOCKET_MESSAGE, {"jakarta-websocket": 0.95}, client="websocket"),
] + [
    Scenario("static-" + name, "/" + name + ".html", "twistlet-files", ["default-servlet", "nginx", "twisted-files"],
             "a %s static file" % size, {"default-servlet": 1.0, "twisted-files": 5.0})
    for name, size in (("1k", "1 KB"), ("100k", "100 KB"))
] + [
    Scenario("static-10m", "/10m.bin", "twistlet-files", ["default-servlet", "nginx", "twisted-files"],
             "a 10 MB static file", {"twisted-files": 5.0}),
    Scenario("range", "/100k.html", "twistlet-files", ["default-servlet", "nginx", "twisted-files"],
             "a 1000-byte range of a 100 KB file", {"twisted-files": 5.0}, ["-H", "Range: bytes=1000-1999"]),
] + [
    Scenario("gzip-%d" % level, "/gzip%d/page" % level, "twistlet", ["jetty-gzip"],
             "a 100 KB HTML page gzipped at level %d" % level, {"jetty-gzip": 1.0},
             ["-H", "Accept-Encoding: gzip"])
    for level in (1, 6, 9)
]

SCENARIOS = OUT_OF_BOX + TUNED
MODES = ["out-of-box", "tuned"]
