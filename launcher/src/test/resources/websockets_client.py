"""An independent WebSocket client for WebSocketPythonClientTest: Debian's python3-websockets.

Usage: python3 websockets_client.py ws://127.0.0.1:PORT/echo [UNIX-SOCKET]
With a Unix socket's path, it connects there and sends the URI's host and path.
Prints one line per check, then "done"; the Java test asserts them.
"""
import asyncio
import hashlib
import os
import sys

import websockets


def connect(uri, unix_socket):
    if unix_socket:
        return websockets.unix_connect(unix_socket, uri, max_size=None, open_timeout=10)
    return websockets.connect(uri, max_size=None, open_timeout=10)


async def main(uri, unix_socket=None):
    async with connect(uri, unix_socket) as ws:
        await ws.send("hello")
        print("text", await ws.recv(), flush=True)

        data = os.urandom(1024 * 1024)
        await ws.send(data)
        echoed = await ws.recv()
        same = isinstance(echoed, bytes) and hashlib.sha256(echoed).digest() == hashlib.sha256(data).digest()
        print("binary", len(echoed), "same" if same else "different", flush=True)

        await ws.send(["frag", "ment", "ed"])
        print("fragmented", await ws.recv(), flush=True)

        pong = await ws.ping(b"py")
        await asyncio.wait_for(pong, 10)
        print("pong", "ok", flush=True)

        await ws.close(code=4001, reason="bye")
        print("closed", ws.close_code, flush=True)
    print("done", flush=True)


asyncio.run(asyncio.wait_for(main(*sys.argv[1:3]), 30))
