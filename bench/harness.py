"""bench/run's engine: for each mode (out-of-box, then tuned) starts that mode's peers, drives
them with wrk (HTTP/2 scenarios with h2load, WebSocket ones with bench's WebSocketLoad) in
interleaved rounds, stops them, and writes bench/results/latest.md, bench/results/latest.svg
and the latest results in docs/performance.md. Run it through bench/run."""

import argparse
import base64
import datetime
import os
import re
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import time
import urllib.request

from scenarios import (H2_CONNECTIONS, H2_STREAMS, JAVA, KEYSTORE_PASSWORD, MODES, PEERS, SCENARIOS, SOAK, SOAK_PEER,
                       SOAK_SECONDS, SOAK_TARGET_MIB, TWISTLET, WEBSOCKET_LOAD, WEBSOCKET_MESSAGE)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
WORK = os.path.join(RESULTS, "logs")
STATIC = os.path.join(WORK, "static")
TLS = os.path.join(WORK, "tls")
CLIENT_CPU, SERVER_CPU = "0", "1"
WEBSOCKET_CLIENT_WARMUP = 1  # seconds each WebSocketLoad run drives unmeasured first: its own JVM's JIT
LATENCY = {"wrk": ("p50 ms", "p99 ms"), "websocket": ("p50 ms", "p99 ms"), "h2load": ("mean ms", "max ms")}
# The servers' environment: the launcher's script takes extra JVM flags from TWISTLET_JAVA_OPTS,
# which would make the out-of-box mode measure someone's settings instead of the defaults.
ENV = {k: v for k, v in os.environ.items() if k != "TWISTLET_JAVA_OPTS"}


def pinned(cpu, command):
    return ["taskset", "-c", cpu] + command if os.cpu_count() and os.cpu_count() > 1 else command


def fill(part, port):
    return part.format(port=port, admin=port + 700, root=ROOT, static=STATIC, work=WORK, tls=TLS)


class Server:
    def __init__(self, peer, port):
        self.peer, self.port = peer, port
        cmd = [fill(part, port) for part in peer.command]
        self.command = cmd
        self.log = open(os.path.join(RESULTS, "logs", peer.name + ".log"), "w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(pinned(SERVER_CPU, cmd), stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True, env=ENV)

    def url(self, path):
        return "%s://127.0.0.1:%d%s" % ("https" if self.peer.probe == "https" else "http", self.port, path)

    def wait_ready(self, path, timeout=60, websocket=False):
        """Seconds from the start until `path` answers 200 (a WebSocket path: 101 to an upgrade;
        a server speaking only h2c: one request by h2load)."""
        deadline = time.monotonic() + timeout
        insecure = ssl.create_default_context()
        insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE  # the harness's self-signed certificate
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("%s exited early; see bench/results/logs/%s.log" % (self.peer.name, self.peer.name))
            try:
                if websocket:
                    ok = upgrades(self.port, path)
                elif self.peer.probe == "h2c":
                    ok = h2c_answers(self.url(path))
                else:
                    with urllib.request.urlopen(self.url(path), timeout=2,
                                                context=insecure if self.peer.probe == "https" else None) as r:
                        ok = r.status == 200
                if ok:
                    return time.monotonic() - self.started
                time.sleep(0.02)
            except OSError:
                time.sleep(0.02)
        raise SystemExit("%s did not answer within %ds" % (self.peer.name, timeout))

    def jvm_pid(self):
        """The java process: the one started (taskset and the twistlet script exec it), or else
        the first java among its descendants (a wrapper that does not exec); None if none."""
        pid = self.proc.pid
        for _ in range(6):
            try:
                with open("/proc/%d/comm" % pid) as f:
                    if f.read().strip() == "java":
                        return pid
                with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                    children = f.read().split()
            except OSError:
                return None
            if not children:
                return None
            pid = int(children[0])
        return None

    def exec_command(self):
        """The java process's own command line, as the kernel has it (what a script ran)."""
        pid = self.jvm_pid()
        try:
            with open("/proc/%d/cmdline" % (pid or self.proc.pid)) as f:
                return [a for a in f.read().split("\0") if a]
        except OSError:
            return []

    def wait_health(self, timeout=60):
        """Seconds from the start until the admin endpoint's ready check answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port + 700, self.peer.ready),
                                            timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - self.started
            except OSError:
                time.sleep(0.02)
        raise SystemExit("%s never became ready within %ds" % (self.peer.name, timeout))

    def rss_mib(self, field="VmRSS"):
        """Resident memory of the java process (VmRSS), or its peak so far (field="VmHWM")."""
        try:
            with open("/proc/%d/status" % (self.jvm_pid() or self.proc.pid)) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return float("nan")

    def terminate(self):
        """SIGTERM to its process group, once (a second could cut a wrapper script's clean-up short)."""
        if self.proc.poll() is None and not getattr(self, "terminated", False):
            self.terminated = True
            os.killpg(self.proc.pid, signal.SIGTERM)

    def stop(self):
        """Its process group is sent SIGTERM (unless it was already), then SIGKILL after 15 s."""
        self.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def stop_all(servers):
    """Stops them all at once: each one's graceful shutdown runs while the others' do."""
    for srv in servers:
        srv.terminate()
    for srv in servers:
        srv.stop()


def upgrades(port, path):
    """Whether a WebSocket upgrade of `path` is answered 101 (then the WebSocket is closed with 1000)."""
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(1024)
            if not chunk:
                break
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            return False
        s.sendall(b"\x88\x82\x00\x00\x00\x00\x03\xe8")  # close, 1000, masked with a zero key
        try:
            while s.recv(1024):  # the server's close, then its end of the connection
                pass
        except OSError:
            pass
    return True


def h2c_answers(url):
    """Whether one HTTP/2 request with prior knowledge gets a 2xx (h2load, one connection)."""
    r = subprocess.run(["h2load", "-n1", "-c1", url], capture_output=True, text=True, timeout=20)
    return re.search(r"status codes: 1 2xx", r.stdout) is not None


def make_tls():
    """A self-signed EC P-256 certificate for 127.0.0.1, as PEM files (the launcher, nginx,
    Twisted) and a PKCS#12 key store (Jetty), made afresh in the work folder."""
    os.makedirs(TLS, exist_ok=True)
    key, cert, p12 = (os.path.join(TLS, n) for n in ("key.pem", "cert.pem", "site.p12"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12,
                    "-passout", "pass:" + KEYSTORE_PASSWORD], check=True, capture_output=True)


def make_static_files():
    """The files the static scenarios fetch: HTML text of 1 KB and 100 KB, 10 MB of bytes."""
    os.makedirs(STATIC, exist_ok=True)
    line = b"<p>Twistlet serves static files, byte for byte, as Twisted's static.File does.</p>\n"
    for name, size in (("1k.html", 1024), ("100k.html", 100 * 1024)):
        with open(os.path.join(STATIC, name), "wb") as f:
            f.write((line * (size // len(line) + 1))[:size])
    with open(os.path.join(STATIC, "10m.bin"), "wb") as f:
        f.write(bytes(range(256)) * (10 * 1024 * 1024 // 256))


def parse_duration_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_command(url, seconds, connections, extra):
    extra = [a.format(root=ROOT) for a in extra]
    return pinned(CLIENT_CPU, ["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, "--latency"] + extra + [url])


def wrk_result(cmd, out):
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not m:
        raise SystemExit("wrk failed: %s\n%s" % (" ".join(cmd), out.strip()))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = 0
    for m2 in re.finditer(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m2.groups())
    m2 = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m2:
        errors += int(m2.group(1))
    return {"rps": float(m.group(1)), "lat": (parse_duration_ms(lat["50"]), parse_duration_ms(lat["99"])),
            "errors": errors, "command": " ".join(cmd)}


def wrk(url, seconds, connections, extra):
    cmd = wrk_command(url, seconds, connections, extra)
    return wrk_result(cmd, subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout)


def h2load(url, seconds, protocol, rps=None):
    """HTTP/2 load: H2_CONNECTIONS connections of H2_STREAMS concurrent streams, for `seconds`;
    `protocol` is what the connections must have negotiated (h2c: prior knowledge; h2: ALPN);
    `rps`, when given, fixes each connection's requests per second instead of saturating."""
    rate = ["--rps=%d" % rps] if rps else []
    cmd = pinned(CLIENT_CPU, ["h2load", "-t1", "-c%d" % H2_CONNECTIONS, "-m%d" % H2_STREAMS] + rate
                 + ["-D%d" % seconds, url])
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    out = run.stdout
    m = re.search(r"finished in [\d.]+s, ([\d.]+) req/s", out)
    if not m:
        raise SystemExit("h2load failed (%d): %s\n%s" % (run.returncode, " ".join(cmd), (out + run.stderr).strip()))
    spoke = re.search(r"^Application protocol: (\S+)", out, re.M)
    if not spoke or spoke.group(1) != protocol:
        raise SystemExit("h2load: %s negotiated %s, not %s" % (url, spoke.group(1) if spoke else "nothing", protocol))
    # min, max, mean, sd of the time from a request's start to its last byte
    t = re.search(r"^time for request:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", out, re.M)
    failed = re.search(r"^requests: .* (\d+) failed,", out, re.M)  # h2load's failed: errors, timeouts and 4xx/5xx
    return {"rps": float(m.group(1)), "lat": (parse_duration_ms(t.group(3)), parse_duration_ms(t.group(2))),
            "errors": int(failed.group(1)), "command": " ".join(cmd)}


def websocket_load(port, path, seconds, connections):
    """WebSocketLoad's echo round trips, reported in wrk's terms: a round trip is a request."""
    cmd = pinned(CLIENT_CPU, [a.format(root=ROOT) for a in WEBSOCKET_LOAD] + [
        "127.0.0.1", str(port), path, str(connections), str(WEBSOCKET_CLIENT_WARMUP), str(seconds),
        str(WEBSOCKET_MESSAGE)])
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + WEBSOCKET_CLIENT_WARMUP + 60)
    out = run.stdout
    m = re.search(r"round trips/s: ([\d.]+)", out)
    if not m:
        raise SystemExit("WebSocketLoad failed (%d): %s" % (run.returncode, (out + run.stderr).strip()))
    value = lambda name: float(re.search(r"^%s: ([\d.]+)" % re.escape(name), out, re.M).group(1))
    return {"rps": float(m.group(1)), "lat": (value("p50 ms"), value("p99 ms")), "errors": int(value("errors")),
            "command": " ".join(cmd)}


def drive(scenario, port, seconds, connections):
    """One load run on a server: wrk with the scenario's arguments, h2load for an HTTP/2
    scenario, or WebSocketLoad for a WebSocket one."""
    if scenario.client == "websocket":
        return websocket_load(port, scenario.path, seconds, connections)
    url = "%s://127.0.0.1:%d%s" % ("https" if scenario.tls else "http", port, scenario.path)
    if scenario.client == "h2load":
        return h2load(url, seconds, "h2" if scenario.tls else "h2c")
    return wrk(url, seconds, connections, scenario.wrk_args)


def version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        return (r.stdout + r.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024 // 1024
    return "%d cores (%s), %d GiB" % (os.cpu_count(), model, mem)


def stale_launcher():
    """The first source or pom newer than launcher/target/twistlet.jar (what makes the twistlet
    script build before it starts), or None: a build must not land in a measured start-up."""
    jar = os.path.join(ROOT, "launcher", "target", "twistlet.jar")
    if not os.path.exists(jar):
        return jar + " (missing)"
    built = os.path.getmtime(jar)
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in (".git", "target")]
        for name in files:
            path = os.path.join(folder, name)
            if (name == "pom.xml" or "/src/main/" in path) and os.path.getmtime(path) > built:
                return path
    return None


def fmt_ratio(ratio, target):
    mark = "" if target is None else (" ✓" if ratio >= target else " ✗ (target %.2fx)" % target)
    return "%.2fx%s" % (ratio, mark)


def svg_chart(rows, path):
    """A horizontal bar per (scenario, peer) ratio, with the 1.0x line and each target."""
    bar_h, gap, left, width = 22, 8, 400, 420
    top = 40
    height = top + len(rows) * (bar_h + gap) + 40
    vmax = max([r[2] for r in rows] + [t for _, _, _, t in rows if t] + [1.0]) * 1.1
    height = max(height, top + 80)
    x = lambda v: left + width * v / vmax
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">'
           % (left + width + 120, height),
           '<text x="10" y="22" font-size="15" font-weight="bold">Twistlet throughput as a multiple of each peer '
           '(same run; higher is better)</text>']
    for i, (scenario, peer, ratio, target) in enumerate(rows):
        y = top + i * (bar_h + gap)
        ok = target is None or ratio >= target
        out.append('<text x="%d" y="%d" text-anchor="end">%s vs %s</text>' % (left - 8, y + 15, scenario, peer))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                   % (left, y, x(ratio) - left, bar_h, "#3a7d44" if ok else "#c0392b"))
        out.append('<text x="%.1f" y="%d">%.2fx</text>' % (x(ratio) + 4, y + 15, ratio))
        if target:
            out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#222" stroke-dasharray="3,2"/>'
                       % (x(target), y - 2, x(target), y + bar_h + 2))
    out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888"/>' % (x(1.0), top - 6, x(1.0), height - 30))
    out.append('<text x="%.1f" y="%d" fill="#555">1.0x</text>' % (x(1.0) - 10, height - 14))
    out.append('<text x="%d" y="%d" fill="#555">dashed: target</text>' % (left + 60, height - 14))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


class Settings:
    """How long everything runs: the full pass, or a short one (--quick)."""

    def __init__(self, args):
        quick = args.quick
        self.quick = quick
        self.seconds = args.seconds or (2 if quick else 4)
        self.rounds = args.rounds or (3 if quick else 4)
        self.warmup = 1 if quick else 3  # before each scenario, per peer
        self.first_warmup = 3 if quick else 10  # a JVM's first scenario also warms its JIT
        self.cold_starts = 1 if quick else 3
        self.soak = 5 if quick else SOAK_SECONDS
        self.connections = 32

    def warmup_for(self, peer, scenario, first):
        """Seconds of unmeasured load before a scenario's rounds: longer for a JVM's first
        scenario and for scenarios whose code the JIT needs long to settle (on a JVM)."""
        if not peer.needs_jit:
            return self.warmup
        return max(self.first_warmup if first else self.warmup, 0 if self.quick else scenario.warmup)


STEADY_STEP = 5  # seconds of each warm-up run while a JVM is brought to steady state
STEADY_PATIENCE = 3  # steady: this many runs in a row without a new best
STEADY_GAIN = 0.02  # a run is a new best when it beats the best so far by more than this
STEADY_CAP = 180  # seconds of load at most before the measured rounds, whether steady or not
STEADY_TYPICAL = 50  # seconds a JVM's steady-state warm-up usually adds, for the printed estimate


def warms_to_steady(peer, first, st):
    """Whether a peer's warm-up goes on until it is steady (see warm): a JVM's first scenario on a
    protocol, unless the pass is quick."""
    return first and peer.needs_jit and not st.quick


def warm(scenario, port, st, peer, first, connections):
    """Unmeasured load before a scenario's rounds; returns the seconds it took. A JVM's first
    scenario on a protocol (see warm_key) runs until the server is steady: its JIT can take a
    minute or more pinned to one CPU with default flags (TLS longest), and rounds measured while it
    still compiles would rank servers by how fast they warm rather than how fast they serve. So
    after the scenario's warm-up it drives STEADY_STEP-second runs until STEADY_PATIENCE runs in a
    row fail to beat the best so far by STEADY_GAIN (a server still compiling keeps setting new
    bests), or STEADY_CAP seconds have gone by."""
    seconds = st.warmup_for(peer, scenario, first)
    drive(scenario, port, seconds, connections)
    if not warms_to_steady(peer, first, st):
        return seconds
    best, flat = 0.0, 0
    while seconds < STEADY_CAP and flat < STEADY_PATIENCE:
        rps = drive(scenario, port, STEADY_STEP, connections)["rps"]
        seconds += STEADY_STEP
        if rps > best * (1 + STEADY_GAIN):
            best, flat = rps, 0
        else:
            flat += 1
    return seconds


def warm_key(name, scenario):
    """What a first warm-up warms: a server's code for one protocol (HTTP/1.1 or WebSocket, h2c,
    h2 over TLS), so a JVM's first HTTP/2 scenario gets a first warm-up of its own."""
    return name, scenario.client, scenario.tls


def needed_peers(scenarios):
    names = []
    for s in scenarios:
        for name in [s.subject] + s.peers:
            if name not in names:
                names.append(name)
    return names


def estimate_seconds(plan, st):
    """About how long the plan takes: load and warm-up time, plus start-ups and client overheads."""
    total = 0.0
    for mode, scenarios in plan:
        warmed = set()
        total += 2.5 * len(needed_peers(scenarios))  # start-up, a JVM's first answer
        for s in scenarios:
            for name in [s.subject] + s.peers:
                per_run = 0.2 + (WEBSOCKET_CLIENT_WARMUP + 1 if s.client == "websocket" else 0)
                first = warm_key(name, s) not in warmed
                total += st.warmup_for(PEERS[name], s, first) + st.rounds * (st.seconds + per_run)
                if warms_to_steady(PEERS[name], first, st):
                    total += STEADY_TYPICAL
                warmed.add(warm_key(name, s))
        if mode == "out-of-box":
            total += st.cold_starts * 2 + 2 + st.soak + 3 + 15  # cold starts, idle, soak, and a stop
    return total


def run_mode(mode, scenarios, st, port):
    """Starts the mode's servers, drives its scenarios, stops the servers; the out-of-box mode
    also measures the launcher's cold starts and its memory after a soak."""
    needed = needed_peers(scenarios)
    print("bench: mode %s: %s" % (mode, ", ".join(s.name for s in scenarios)), flush=True)
    servers, startup, ready, memory = {}, {}, {}, {}
    results = {}
    try:
        for i, name in enumerate(needed):
            servers[name] = Server(PEERS[name], port + i)
            first = next(s for s in scenarios if name in [s.subject] + s.peers)
            startup[name] = servers[name].wait_ready(first.path, websocket=first.client == "websocket")
            print("bench: %s up in %.2f s on port %d" % (name, startup[name], servers[name].port), flush=True)
            if PEERS[name].ready:
                ready[name] = servers[name].wait_health()
                print("bench: %s ready (%s) %.2f s after its start" % (name, PEERS[name].ready, ready[name]),
                      flush=True)
        jvms = [n for n in needed if PEERS[n].needs_jit and servers[n].jvm_pid()]
        if mode == "out-of-box":
            time.sleep(2)
            for name in jvms:
                memory[name] = {"idle": servers[name].rss_mib()}

        warmed, warmups = set(), {}
        for s in scenarios:
            names = [s.subject] + s.peers
            for name in names:
                first = warm_key(name, s) not in warmed
                took = warm(s, servers[name].port, st, PEERS[name], first, st.connections)
                if warms_to_steady(PEERS[name], first, st):
                    warmups[(name, s.name)] = took
                    print("bench: %s steady on %s after %d s of load" % (name, s.name, took), flush=True)
                warmed.add(warm_key(name, s))
            runs = {name: [] for name in names}
            for r in range(st.rounds):
                for name in (names if r % 2 == 0 else list(reversed(names))):
                    runs[name].append(drive(s, servers[name].port, st.seconds, st.connections))
                print("bench: %s %s round %d/%d: %s" % (mode, s.name, r + 1, st.rounds, ", ".join(
                    "%s %.0f/s" % (n, runs[n][-1]["rps"]) for n in names)), flush=True)
            results[s.name] = runs
            for name in names:
                if name in memory:
                    memory[name]["after"] = servers[name].rss_mib()
                    memory[name]["after_scenario"] = s.name
        commands = {n: (pinned(SERVER_CPU, srv.command),
                        srv.exec_command() if PEERS[n].command[0] == TWISTLET else None) for n, srv in servers.items()}
    finally:
        stop_all(servers.values())

    launcher = launcher_soak(st, port + 100) if mode == "out-of-box" else None
    return {"mode": mode, "scenarios": scenarios, "results": results, "commands": commands, "startup": startup,
            "ready": ready, "memory": memory, "launcher": launcher, "warmups": warmups}


def launcher_soak(st, port):
    """The launcher as a user starts it (SOAK_PEER, default flags): start to first answer on
    cold starts; on the last, resident memory idle, then after SOAK's paths are driven at once,
    each by its own wrk (which keeps no cookies), for st.soak seconds."""
    peer = PEERS[SOAK_PEER]
    cold, out = [], {}
    for i in range(st.cold_starts):
        srv = Server(peer, port + i)
        try:
            cold.append(srv.wait_ready(SOAK[0][0]))
            if i < st.cold_starts - 1:
                continue
            time.sleep(2)
            out["idle"] = srv.rss_mib()
            commands = [wrk_command("http://127.0.0.1:%d%s" % (srv.port, path), st.soak, connections, [])
                        for path, connections in SOAK]
            procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                     for c in commands]
            loads = [wrk_result(c, p.communicate(timeout=st.soak + 60)[0]) for c, p in zip(commands, procs)]
            out.update(after=srv.rss_mib(), peak=srv.rss_mib("VmHWM"), loads=loads,
                       command=" ".join(pinned(SERVER_CPU, srv.command)), java=" ".join(srv.exec_command()))
        finally:
            srv.stop()
    out["cold"] = cold
    print("bench: launcher cold starts %s s; RSS idle %.0f MiB, after a %d s soak %.0f MiB (peak %.0f MiB)"
          % (", ".join("%.2f" % c for c in cold), out["idle"], st.soak, out["after"], out["peak"]), flush=True)
    return out


def main():
    ap = argparse.ArgumentParser(prog="bench/run")
    ap.add_argument("--quick", action="store_true", help="short pass: 2 s runs, 3 rounds, short warm-ups and soak")
    ap.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    ap.add_argument("--mode", choices=MODES + ["both"], default="both",
                    help="out-of-box: default JVM flags, the launcher through ./twistlet, beside plain Jetty; "
                         "tuned: fixed heaps, beside a Jetty set up as the launcher's; both (default): out-of-box, "
                         "then tuned")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--seconds", type=int)
    ap.add_argument("--port", type=int, default=18080, help="first port of the servers (default 18080); each mode "
                    "takes up to 200 from it, and peers use some at +500 and +700")
    args = ap.parse_args()
    began = time.monotonic()
    st = Settings(args)

    unknown = sorted(set(args.only or []) - {s.name for s in SCENARIOS})
    if unknown:
        raise SystemExit("no scenario named %s; known: %s" % (", ".join(unknown), ", ".join(
            sorted({s.name for s in SCENARIOS}))))
    modes = MODES if args.mode == "both" else [args.mode]
    plan = [(m, [s for s in SCENARIOS if s.mode == m and (not args.only or s.name in args.only)]) for m in modes]
    plan = [(m, scenarios) for m, scenarios in plan if scenarios]
    if not plan:
        raise SystemExit("none of %s in mode %s" % (", ".join(args.only), args.mode))
    peers = {n for _, scenarios in plan for n in needed_peers(scenarios)}
    if any(PEERS[n].command[0] == TWISTLET for n in peers):
        stale = stale_launcher()
        if stale:
            raise SystemExit("bench: %s is newer than launcher/target/twistlet.jar, so ./twistlet would build before "
                             "it starts; build first (bench/run does)" % stale)
    os.makedirs(os.path.join(RESULTS, "logs"), exist_ok=True)
    make_static_files()
    if any("{tls}" in part for n in peers for part in PEERS[n].command):
        make_tls()

    print("bench: wrk and h2load pinned to CPU %s, servers to CPU %s; %d s runs, %d rounds, %d connections "
          "(h2load: %d of %d streams); about %.1f minutes"
          % (CLIENT_CPU, SERVER_CPU, st.seconds, st.rounds, st.connections, H2_CONNECTIONS, H2_STREAMS,
             estimate_seconds(plan, st) / 60), flush=True)
    runs = [run_mode(m, scenarios, st, args.port + 200 * i) for i, (m, scenarios) in enumerate(plan)]
    minutes = (time.monotonic() - began) / 60
    report(runs, st, minutes)
    print("bench: done in %.1f minutes" % minutes, flush=True)


MODE_TITLES = {
    "out-of-box": "Out of the box: default JVM flags",
    "tuned": "Tuned: every JVM with `%s`" % " ".join(JAVA[1:]),
}


def mode_intro(run, st):
    if run["mode"] == "out-of-box":
        return ("Every Java server started as a user would, with the JVM's default flags (each pinned to one CPU, "
                "so the JVM picks the serial collector and a heap of a quarter of the machine's memory unless told "
                "otherwise). The launcher is started through the repository's `twistlet` script, with "
                "`TWISTLET_JAVA_OPTS` unset, so whatever JVM flags the script chooses are what is measured; the "
                "java command line it ran is listed below. Its peers: the plainest Jetty 12 servlet server "
                "(`PlainJettyServer`: `Server`, one `ServerConnector`, a `ServletContextHandler` and one servlet, "
                "Jetty's defaults but for no `Server` header), the raw servlet on a Jetty set up as the "
                "launcher's, nginx with one worker, and Twisted.")
    return ("Every Java server with fixed heap flags, beside a Jetty set up exactly as the launcher's (thread pool, "
            "connector, URI compliance, session handler, graceful handler), so that a ratio shows what the "
            "resource model costs.")


def scenario_table(run, s, chart):
    runs = run["results"][s.name]
    med = {n: statistics.median(r["rps"] for r in rs) for n, rs in runs.items()}
    lat = LATENCY[s.client]
    lines = ["### %s: %s (`%s`)" % (s.name, s.title, s.path), "",
             "| server | %s (median) | %s | %s | errors | Twistlet is |"
             % ("round trips/s" if s.client == "websocket" else "req/s", lat[0], lat[1]),
             "|---|---:|---:|---:|---:|---|"]
    for n, rs in runs.items():
        a = statistics.median(r["lat"][0] for r in rs)
        b = statistics.median(r["lat"][1] for r in rs)
        errs = sum(r["errors"] for r in rs)
        if n == s.subject:
            rel = "—"
        elif med[n] <= 0:
            rel = "n/a"
        else:
            ratio = med[s.subject] / med[n]
            rel = fmt_ratio(ratio, s.targets.get(n)) + " of it"
            chart.append(("%s %s" % ("[ob]" if run["mode"] == "out-of-box" else "[tuned]", s.name), n, ratio,
                          s.targets.get(n)))
        lines.append("| %s | %.0f | %.2f | %.2f | %d | %s |" % (PEERS[n].label, med[n], a, b, errs, rel))
    return lines + [""]


def report(runs, st, minutes):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    clients = {s.client for run in runs for s in run["scenarios"]}
    lines = ["# Benchmark results", "",
             "Run %s on %s, in %.1f minutes (`bench/run%s`). Load generator: wrk, 1 thread, %d connections, pinned "
             "to CPU %s; each server pinned to CPU %s. %d rounds of %d s per peer, interleaved (A, B, C, then C, B, "
             "A, ...), after a warm-up (a JVM's first scenario on each protocol: until steady, see \"Warm-up to steady "
             "state\"); medians shown."
             % (now, machine(), minutes, " ".join([""] + sys.argv[1:]), st.connections, CLIENT_CPU, SERVER_CPU,
                st.rounds, st.seconds)
             + (" HTTP/2 scenarios: h2load (nghttp2), 1 thread, %d connections of %d concurrent streams each, pinned "
                "as wrk is; h2c with prior knowledge, or TLS with h2 by ALPN (a self-signed EC P-256 certificate); "
                "its latency columns are the mean and the maximum of its \"time for request\"."
                % (H2_CONNECTIONS, H2_STREAMS) if "h2load" in clients else "")
             + (" WebSocket scenarios: bench's WebSocketLoad (Java, 1 thread, NIO) in wrk's place, the same "
                "connections and pinning, %d s unmeasured before each run; a request is an echo round trip of a "
                "%d-byte text message." % (WEBSOCKET_CLIENT_WARMUP, WEBSOCKET_MESSAGE)
                if "websocket" in clients else ""),
             "",
             "Versions: %s; %s; %s; %s; %s." % (
                 version(["java", "-version"]),
                 version(["/usr/bin/python3", "-c", "import twisted; print('Twisted', twisted.__version__)"]),
                 version(["wrk", "--version"]), version(["h2load", "--version"]), version(["nginx", "-v"])),
             ""]
    chart = []
    for run in runs:
        mode = run["mode"]
        lines += ["## %s" % MODE_TITLES[mode], "", mode_intro(run, st), ""]
        for s in run["scenarios"]:
            lines += scenario_table(run, s, chart)
        if run["memory"]:
            lines += ["### Java servers with default flags: start-up and memory", "",
                      "Resident memory (VmRSS of the java process) 2 s after all the mode's servers answered, before "
                      "any load, and after the server's last round (in the scenario named).", "",
                      "| server | start to first answer | RSS idle | RSS after its last round |",
                      "|---|---:|---:|---:|"]
            for n, m in run["memory"].items():
                lines.append("| %s | %.2f s | %.0f MiB | %.0f MiB (%s) |" % (
                    PEERS[n].label, run["startup"][n], m["idle"], m.get("after", float("nan")),
                    m.get("after_scenario", "—")))
            lines.append("")
        soak = run["launcher"]
        if soak:
            target = "✓" if soak["after"] < SOAK_TARGET_MIB else "✗"
            lines += ["### The launcher: start-up, and memory after a soak", "",
                      "`%s`, which ran `%s`: %d cold start%s; on the last, RSS 2 s after the first answer, then after "
                      "%d s of %s at once." % (soak["command"], soak["java"], len(soak["cold"]),
                                              "" if len(soak["cold"]) == 1 else "s", st.soak,
                                              " and ".join("`%s` (%.0f req/s)" % (r["command"], r["rps"])
                                                           for r in soak["loads"])), "",
                      "| start to first answer (median of the cold starts) | RSS idle | RSS after the soak | "
                      "peak RSS (VmHWM) | RSS after the soak under %d MiB |" % SOAK_TARGET_MIB,
                      "|---:|---:|---:|---:|---|",
                      "| %.2f s (%s) | %.0f MiB | %.0f MiB | %.0f MiB | %s |" % (
                          statistics.median(soak["cold"]), ", ".join("%.2f" % c for c in soak["cold"]),
                          soak["idle"], soak["after"], soak["peak"], target), ""]
        if run["warmups"]:
            lines += ["### Warm-up to steady state", "",
                      "Seconds of unmeasured load each JVM took in its first scenario on a protocol before the rounds "
                      "began: the scenario's warm-up, then %d s runs until %d in a row had not beaten the best so "
                      "far by more than %d%% (at most %d s). The JIT shares the server's one CPU, so this is about "
                      "how long a fresh server takes to reach the speeds above."
                      % (STEADY_STEP, STEADY_PATIENCE, round(STEADY_GAIN * 100), STEADY_CAP), "",
                      "| server | scenario | warm-up |", "|---|---|---:|"]
            lines += ["| %s | %s | %d s |" % (PEERS[n].label, sname, t) for (n, sname), t in run["warmups"].items()]
            lines.append("")
        if run["ready"]:
            lines += ["### Start-up to ready", "",
                      "Seconds from the process's start until its admin endpoint's ready check answers 200:", "",
                      "| server | ready after |", "|---|---:|"]
            lines += ["| %s | %.2f s |" % (PEERS[n].label, t) for n, t in run["ready"].items()]
            lines.append("")
        lines += ["### Command lines (%s)" % mode, ""]
        for n, (cmd, java) in run["commands"].items():
            lines.append("- %s: `%s`%s" % (n, " ".join(cmd), "" if not java else ", which ran `%s`" % " ".join(java)))
        for kind in sorted({s.client for s in run["scenarios"]}, reverse=True):
            first = next(run["results"][s.name] for s in run["scenarios"] if s.client == kind)
            lines.append("- load%s: `%s`" % ("" if kind == "wrk" else " (%s)" % kind,
                                             next(iter(first.values()))[0]["command"]))
        lines.append("")
    lines += ["![ratios](latest.svg)", ""]
    text = "\n".join(lines)
    with open(os.path.join(RESULTS, "latest.md"), "w") as f:
        f.write(text)
    svg_chart(chart, os.path.join(RESULTS, "latest.svg"))
    update_docs(text)
    print("\n" + text)


def update_docs(text):
    path = os.path.join(ROOT, "docs", "performance.md")
    begin, end = "<!-- latest results: written by bench/run -->", "<!-- end of latest results -->"
    with open(path) as f:
        doc = f.read()
    if begin in doc and end in doc:
        body = re.sub(r"^(##+) ", lambda m: "##" + m.group(1) + " ", text, flags=re.M)
        body = body.replace("# Benchmark results", "### Latest results", 1)
        body = body.replace("](latest.svg)", "](../bench/results/latest.svg)")
        doc = doc[:doc.index(begin) + len(begin)] + "\n" + body + "\n" + doc[doc.index(end):]
        with open(path, "w") as f:
            f.write(doc)


if __name__ == "__main__":
    main()
