"""An independent WebSocket-over-HTTP/2 client (RFC 8441) for WebSocketEndpointsTest,
built on Debian's python3-h2.

Usage: python3 h2_websocket_client.py URL [COUNT]

URL is ws://host:port/path (HTTP/2 by prior knowledge) or wss://host:port/path (TLS, h2
by ALPN, certificate not checked). COUNT times, one after the other, it opens a connection,
sends an extended CONNECT, then a text "hello", a binary message of three bytes, a text
"whoami" and a close 1000 with "done", and prints one line per connection: what the server
sent back, joined by " | " ("text X", "binary N", "closed CODE", "eof").
"""
import os
import socket
import ssl
import struct
import sys
from urllib.parse import urlsplit

import h2.config
import h2.connection
import h2.events
import h2.settings

TIMEOUT = 10


def frame(opcode, payload):
    """A masked client frame (RFC 6455 section 5.2), FIN set."""
    mask = os.urandom(4)
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def frames(buffer):
    """Parses unmasked server frames off the front of buffer; returns (frames, rest)."""
    out = []
    while len(buffer) >= 2:
        opcode = buffer[0] & 0x0F
        n = buffer[1] & 0x7F
        at = 2
        if n == 126:
            if len(buffer) < 4:
                break
            n = struct.unpack("!H", buffer[2:4])[0]
            at = 4
        elif n == 127:
            if len(buffer) < 10:
                break
            n = struct.unpack("!Q", buffer[2:10])[0]
            at = 10
        if len(buffer) < at + n:
            break
        out.append((opcode, buffer[at:at + n]))
        buffer = buffer[at + n:]
    return out, buffer


def connect(url):
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT)
    if parts.scheme == "wss":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_alpn_protocols(["h2"])
        sock = context.wrap_socket(sock, server_hostname=parts.hostname)
        if sock.selected_alpn_protocol() != "h2":
            raise SystemExit("ALPN chose %r" % sock.selected_alpn_protocol())
    return parts, sock


def session(url):
    parts, sock = connect(url)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
    # h2's own settings, SETTINGS_ENABLE_CONNECT_PROTOCOL = 0 among them: what the client
    # accepts, which must not stop the server from accepting an extended CONNECT.
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    stream = None
    to_send = [frame(1, b"hello"), frame(2, b"\x07\x08\x09"), frame(1, b"whoami"),
               frame(8, struct.pack("!H", 1000) + b"done")]
    received = b""
    lines = []
    ended = False
    while True:
        data = sock.recv(65536)
        if not data:
            lines.append("eof")
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.RemoteSettingsChanged) and stream is None:
                enabled = conn.remote_settings.get(h2.settings.SettingCodes.ENABLE_CONNECT_PROTOCOL)
                if enabled != 1:
                    raise SystemExit("server did not enable the extended CONNECT")
                stream = conn.get_next_available_stream_id()
                conn.send_headers(stream, [(":method", "CONNECT"), (":protocol", "websocket"),
                                           (":scheme", "https" if parts.scheme == "wss" else "http"),
                                           (":path", parts.path or "/"), (":authority", parts.netloc),
                                           ("sec-websocket-version", "13")])
            elif isinstance(event, h2.events.ResponseReceived):
                status = dict(event.headers).get(":status")
                if status != "200":
                    raise SystemExit("status " + status)
                for message in to_send:
                    conn.send_data(stream, message)
            elif isinstance(event, h2.events.DataReceived):
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                received += event.data
                parsed, received = frames(received)
                for opcode, payload in parsed:
                    if opcode == 1:
                        lines.append("text " + payload.decode("utf-8"))
                    elif opcode == 2:
                        lines.append("binary %d" % len(payload))
                    elif opcode == 8:
                        lines.append("closed %d" % struct.unpack("!H", payload[:2])[0])
            elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset)):
                if isinstance(event, h2.events.StreamReset):
                    lines.append("reset %d" % event.error_code)
                if event.stream_id == stream:
                    conn.close_connection()
                    sock.sendall(conn.data_to_send())
                    sock.close()
                    return lines
        sock.sendall(conn.data_to_send())
        if not ended and lines and lines[-1].startswith("closed"):
            ended = True
            conn.end_stream(stream)
            sock.sendall(conn.data_to_send())
    sock.close()
    return lines


def main():
    url = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    for _ in range(count):
        print(" | ".join(session(url)), flush=True)


main()
