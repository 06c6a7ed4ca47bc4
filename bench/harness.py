"""bench/run's engine: starts the peers, drives them with wrk (WebSocket scenarios with
bench's WebSocketLoad) in interleaved rounds, and writes bench/results/latest.md,
bench/results/latest.svg and the table in docs/performance.md. Run it through bench/run."""

import argparse
import base64
import datetime
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

from scenarios import PEERS, SCENARIOS, WEBSOCKET_LOAD, WEBSOCKET_MESSAGE, Peer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
WORK = os.path.join(RESULTS, "logs")
STATIC = os.path.join(WORK, "static")
CLIENT_CPU, SERVER_CPU = "0", "1"
BASE_PORT = 18080
WEBSOCKET_CLIENT_WARMUP = 1  # seconds each WebSocketLoad run drives unmeasured first: its own JVM's JIT


def free_port(n):
    return BASE_PORT + n


def pinned(cpu, command):
    return ["taskset", "-c", cpu] + command if os.cpu_count() and os.cpu_count() > 1 else command


class Server:
    def __init__(self, peer, port):
        self.peer, self.port = peer, port
        cmd = [part.format(port=port, admin=port + 700, root=ROOT, static=STATIC, work=WORK) for part in peer.command]
        self.command = cmd
        self.log = open(os.path.join(RESULTS, "logs", peer.name + ".log"), "w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(pinned(SERVER_CPU, cmd), stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def wait_ready(self, path, timeout=60, websocket=False):
        """Seconds from the start until `path` answers 200 (a WebSocket path: 101 to an upgrade)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("%s exited early; see bench/results/logs/%s.log" % (self.peer.name, self.peer.name))
            try:
                if websocket:
                    if upgrades(self.port, path):
                        return time.monotonic() - self.started
                    time.sleep(0.02)
                    continue
                with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port, path), timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - self.started
            except OSError:
                time.sleep(0.02)
        raise SystemExit("%s did not answer within %ds" % (self.peer.name, timeout))

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

    def rss_mib(self):
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return float("nan")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


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


def wrk(url, seconds, connections, extra):
    extra = [a.format(root=ROOT) for a in extra]
    cmd = pinned(CLIENT_CPU, ["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, "--latency"] + extra + [url])
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = 0
    for m in re.finditer(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    return {"rps": rps, "p50": parse_duration_ms(lat["50"]), "p99": parse_duration_ms(lat["99"]),
            "errors": errors, "command": " ".join(cmd)}


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
    return {"rps": float(m.group(1)), "p50": value("p50 ms"), "p99": value("p99 ms"), "errors": int(value("errors")),
            "command": " ".join(cmd)}


def drive(scenario, port, seconds, connections, wrk_args=None):
    """One load run on a server: wrk (with the scenario's arguments unless told others), or
    WebSocketLoad for a WebSocket scenario."""
    if scenario.client == "websocket":
        return websocket_load(port, scenario.path, seconds, connections)
    return wrk("http://127.0.0.1:%d%s" % (port, scenario.path), seconds, connections,
               scenario.wrk_args if wrk_args is None else wrk_args)


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


def fmt_ratio(ratio, target):
    mark = "" if target is None else (" ✓" if ratio >= target else " ✗ (target %.2fx)" % target)
    return "%.2fx%s" % (ratio, mark)


def svg_chart(rows, path):
    """A horizontal bar per (scenario, peer) ratio, with the 1.0x line and each target."""
    bar_h, gap, left, width = 22, 8, 300, 420
    top = 40
    height = top + len(rows) * (bar_h + gap) + 40
    vmax = max([r[2] for r in rows] + [t for _, _, _, t in rows if t] + [1.0]) * 1.1
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


def main():
    ap = argparse.ArgumentParser(prog="bench/run")
    ap.add_argument("--quick", action="store_true", help="short pass: 2 s runs, 3 rounds, 3 s warm-ups")
    ap.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    ap.add_argument("--rounds", type=int)
    ap.add_argument("--seconds", type=int)
    args = ap.parse_args()
    began = time.monotonic()

    seconds = args.seconds or (2 if args.quick else 8)
    rounds = args.rounds or (3 if args.quick else 4)
    warmup = 1 if args.quick else 5
    first_warmup = 3 if args.quick else 15  # a JVM's first scenario also warms its JIT
    cold_starts = 1 if args.quick else 3
    connections = 32
    scenarios = [s for s in SCENARIOS if not args.only or s.name in args.only]
    if not scenarios:
        raise SystemExit("no scenario named %s; known: %s" % (args.only, ", ".join(s.name for s in SCENARIOS)))
    os.makedirs(os.path.join(RESULTS, "logs"), exist_ok=True)
    make_static_files()

    needed = []
    for s in scenarios:
        for name in [s.subject] + s.peers:
            if name not in needed:
                needed.append(name)
    print("bench: wrk pinned to CPU %s, servers to CPU %s; %d s runs, %d rounds, %d connections"
          % (CLIENT_CPU, SERVER_CPU, seconds, rounds, connections), flush=True)

    servers, startup, ready = {}, {}, {}
    try:
        for i, name in enumerate(needed):
            servers[name] = Server(PEERS[name], free_port(i))
            first = next(s for s in scenarios if name in [s.subject] + s.peers)
            startup[name] = servers[name].wait_ready(first.path, websocket=first.client == "websocket")
            print("bench: %s up in %.2f s on port %d" % (name, startup[name], servers[name].port), flush=True)
            if PEERS[name].ready:
                ready[name] = servers[name].wait_health()
                print("bench: %s ready (%s) %.2f s after its start" % (name, PEERS[name].ready, ready[name]),
                      flush=True)

        results = {}
        warmed = set()
        for s in scenarios:
            names = [s.subject] + s.peers
            for name in names:
                first = name not in warmed
                warmed.add(name)
                drive(s, servers[name].port, max(first_warmup if first else warmup, 0 if args.quick else s.warmup),
                      connections)
            runs = {name: [] for name in names}
            for r in range(rounds):
                for name in (names if r % 2 == 0 else list(reversed(names))):
                    res = drive(s, servers[name].port, seconds, connections)
                    runs[name].append(res)
                print("bench: %s round %d/%d: %s" % (s.name, r + 1, rounds, ", ".join(
                    "%s %.0f/s" % (n, runs[n][-1]["rps"]) for n in names)), flush=True)
            results[s.name] = runs
    finally:
        for srv in servers.values():
            srv.stop()

    # The subject as users start it (no heap flags): start-up to the first answer, three
    # cold starts; on the last, resident memory idle and after a short load.
    subject = scenarios[0].subject
    plain = Peer(subject, [a for a in PEERS[subject].command if not a.startswith("-X")], PEERS[subject].label)
    cold, memory = [], {}
    for i in range(cold_starts):
        srv = Server(plain, free_port(50 + i))
        try:
            cold.append(srv.wait_ready(scenarios[0].path, websocket=scenarios[0].client == "websocket"))
            if i == cold_starts - 1:
                time.sleep(2)
                memory["idle"] = srv.rss_mib()
                drive(scenarios[0], srv.port, 3 if args.quick else 10, connections, wrk_args=[])
                memory["loaded"] = srv.rss_mib()
                memory["command"] = " ".join(srv.command)
        finally:
            srv.stop()

    report(scenarios, results, servers, cold, memory, seconds, rounds, connections, ready)
    print("bench: done in %.1f minutes" % ((time.monotonic() - began) / 60), flush=True)


def report(scenarios, results, servers, cold, memory, seconds, rounds, connections, ready):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmark results", "",
             "Run %s on %s. Load generator: wrk, 1 thread, %d connections, pinned to CPU %s; each server "
             "pinned to CPU %s. %d rounds of %d s per peer, interleaved (A, B, C, then C, B, A, ...), after "
             "a warm-up; medians shown." % (now, machine(), connections, CLIENT_CPU, SERVER_CPU, rounds, seconds)
             + ("" if all(s.client == "wrk" for s in scenarios) else
                " WebSocket scenarios: bench's WebSocketLoad (Java, 1 thread, NIO) in wrk's place, the same "
                "connections and pinning, %d s unmeasured before each run; a request is an echo round trip of a "
                "%d-byte text message." % (WEBSOCKET_CLIENT_WARMUP, WEBSOCKET_MESSAGE)),
             "",
             "Versions: %s; %s; %s." % (version(["java", "-version"]), version(["/usr/bin/python3", "-c",
                                         "import twisted; print('Twisted', twisted.__version__)"]),
                                         version(["wrk", "--version"])),
             ""]
    chart = []
    for s in scenarios:
        runs = results[s.name]
        med = {n: statistics.median(r["rps"] for r in rs) for n, rs in runs.items()}
        lines += ["## %s: %s (`%s`)" % (s.name, s.title, s.path), "",
                  "| server | %s (median) | p50 ms | p99 ms | errors | Twistlet is |"
                  % ("round trips/s" if s.client == "websocket" else "req/s"),
                  "|---|---:|---:|---:|---:|---|"]
        for n, rs in runs.items():
            p50 = statistics.median(r["p50"] for r in rs)
            p99 = statistics.median(r["p99"] for r in rs)
            errs = sum(r["errors"] for r in rs)
            if n == s.subject:
                rel = "—"
            else:
                ratio = med[s.subject] / med[n]
                rel = fmt_ratio(ratio, s.targets.get(n)) + " of it"
                chart.append((s.name, n, ratio, s.targets.get(n)))
            lines.append("| %s | %.0f | %.2f | %.2f | %d | %s |" % (PEERS[n].label, med[n], p50, p99, errs, rel))
        lines.append("")
    lines += ["## Start-up and memory of the launcher", "",
              "Started as a user would, with the JVM's default heap settings: `%s`." % memory["command"], "",
              "| start to first answer (median of the cold starts) | RSS idle | RSS after a load |",
              "|---:|---:|---:|",
              "| %.2f s (%s) | %.0f MiB | %.0f MiB |" % (statistics.median(cold), ", ".join("%.2f" % c for c in cold),
                                                     memory["idle"], memory["loaded"])]
    if ready:
        lines += ["", "## Start-up to ready", "",
                  "Seconds from the process's start until its admin endpoint's ready check answers 200 "
                  "(the servers above, started with the bench's heap flags):", "",
                  "| server | ready after |", "|---|---:|"]
        lines += ["| %s | %.2f s |" % (PEERS[n].label, t) for n, t in ready.items()]
    lines += ["", "## Command lines", ""]
    for n, srv in servers.items():
        lines.append("- %s: `%s`" % (n, " ".join(pinned(SERVER_CPU, srv.command))))
    for kind in sorted({s.client for s in scenarios}, reverse=True):
        first = next(results[s.name] for s in scenarios if s.client == kind)
        lines.append("- load%s: `%s`" % ("" if kind == "wrk" else " (%s)" % kind,
                                         next(iter(first.values()))[0]["command"]))
    lines += ["", "![ratios](latest.svg)", ""]
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
        body = text.replace("# Benchmark results", "### Latest results").replace("\n## ", "\n#### ")
        body = body.replace("](latest.svg)", "](../bench/results/latest.svg)")
        doc = doc[:doc.index(begin) + len(begin)] + "\n" + body + "\n" + doc[doc.index(end):]
        with open(path, "w") as f:
            f.write(doc)


if __name__ == "__main__":
    main()
