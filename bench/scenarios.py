"""What bench/run measures. Adding a scenario is one entry in SCENARIOS (and, for a new
kind of server, one entry in PEERS). Each peer is started once per run, on its own port,
pinned to the server core; each scenario names the URL path every peer is driven on."""

from dataclasses import dataclass, field


@dataclass
class Peer:
    """A server bench/run starts: `command` gets {port}, {admin} (port + 700) and {root} filled in;
    `ready`, when set, is the path on {admin} that answers 200 once the server is ready."""
    name: str
    command: list
    label: str
    ready: str = None


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
    client: str = "wrk"  # or "websocket": WEBSOCKET_LOAD's echo round trips on `path`, counted as requests


JAVA = ["java", "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch"]

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
                           "Twistlet ReverseProxyResource (+ its nginx upstream)"),
    "jetty-proxy": Peer("jetty-proxy", ["{root}/bench/peers/proxied.sh", "jetty", "{port}", "{root}", "{static}", "{work}"],
                        "Jetty 12 ProxyServlet.Transparent (+ its nginx upstream)"),
    "twisted-proxy": Peer("twisted-proxy", ["{root}/bench/peers/proxied.sh", "twisted", "{port}", "{root}", "{static}",
                                            "{work}"],
                          "Twisted 22.4 ReverseProxyResource (+ its nginx upstream)"),
    "twistlet-jdbc": Peer("twistlet-jdbc", ["{root}/bench/peers/with-postgres.sh", "{port}", "{root}"],
                          "Twistlet (twistlet web --session-store, PostgreSQL on loopback)"),
    "twistlet-websocket": Peer("twistlet-websocket", JAVA + [
        "-jar", "{root}/launcher/target/twistlet.jar", "--pidfile=", "web",
        "--resource-script", "{root}/bench/peers/websocket-echo.rpy",
        "--listen", "tcp:port={port}:interface=127.0.0.1"],
        "Twistlet (twistlet web --resource-script, a WebSocketResource echo)"),
    "jakarta-websocket": Peer("jakarta-websocket", JAVA + [
        "-cp", "{root}/bench/target/twistlet-bench.jar", "dev.twistlet.bench.WebSocketEchoServer", "{port}", "async"],
        "Jakarta @ServerEndpoint echo (getAsyncRemote().sendText), same Jetty 12"),
    "twisted": Peer("twisted", ["/usr/bin/python3", "{root}/bench/peers/twisted_hello.py", "{port}"],
                    "Twisted Web 22.4 (twistd's Site)"),
}

SCENARIOS = [
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
