"""The HTTP/1.1 server: one asyncio listener per outlet plus the control port, on real sockets.

Plain `asyncio.Protocol` with keep-alive and pre-built response bytes (the fastest standard
library route). Outlet i listens on port+1+i when a port is given, else on a free port.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import struct

from . import faults as fl
from .control import Control
from .handler import OutletHandler, Request, Slow, head_bytes

logger = logging.getLogger(__name__)
MAX_HEAD = 64 * 1024
CONTROL = -1  # listener id of the control port
STREAM_CHUNK = 64 * 1024


class Connection(asyncio.Protocol):
    """One client connection to one listener (an outlet, or the control port)."""

    def __init__(self, server: NewsWebServer, listener: int) -> None:
        self.server, self.listener = server, listener
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.peer = "?"
        self.task: asyncio.Task | None = None
        self.writable = asyncio.Event()
        self.writable.set()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.peer = (transport.get_extra_info("peername") or ("?",))[0]
        self.server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.connections.discard(self)
        if self.task is not None:
            self.task.cancel()

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.task is None and self.transport is not None and not self.transport.is_closing():
            request = self.next_request()
            if request is None:
                return
            self.respond(request)

    def next_request(self) -> Request | None:
        """Parse one complete request from the buffer, or None when more bytes are needed."""
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buffer) > MAX_HEAD:
                self.transport.close()
            return None
        lines = self.buffer[:end].decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        if len(self.buffer) < end + 4 + length:
            return None
        body = self.buffer[end + 4 : end + 4 + length]
        self.buffer = self.buffer[end + 4 + length :]
        method, target, version = (lines[0].split(" ") + ["", "", ""])[:3]
        headers[":version"] = version
        return Request(method, target, headers, body, self.peer)

    def respond(self, request: Request) -> None:
        try:
            if self.listener == CONTROL:
                answer = self.server.control.handle(request)
            else:
                answer = self.server.handler.handle(self.listener, request)
        except Exception:  # a bug in one page must not kill the connection silently
            logger.exception("newsweb: error answering %s %s", request.method, request.target)
            answer = head_bytes(500, [("Content-Type", "text/plain")], 0)
        if isinstance(answer, Slow):
            self.task = asyncio.ensure_future(self.play(answer))
            return
        self.transport.write(answer)
        if wants_close(request):
            self.transport.close()

    async def play(self, action: Slow) -> None:
        """Carry out a slow fault; the connection closes at the end of it."""
        try:
            if action.kind == "timeout":
                await asyncio.sleep(fl.HANG_SECONDS)
            elif action.kind == "reset":
                sock = self.transport.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.transport.abort()
                return
            elif action.kind == "truncated":
                self.transport.write(action.head + action.body[: len(action.body) // 2])
            elif action.kind == "slow_drip":
                await self.drip(action)
            elif action.kind == "huge_body":
                await self.stream(action)
            self.transport.close()
        except asyncio.CancelledError:
            pass

    async def drip(self, action: Slow) -> None:
        self.transport.write(action.head)
        for k in range(len(action.body)):
            await asyncio.sleep(fl.DRIP_INTERVAL)
            if self.transport.is_closing():
                return
            self.transport.write(action.body[k : k + 1])

    async def stream(self, action: Slow) -> None:
        """Send `size` bytes in chunks, waiting whenever the socket buffer is full."""
        self.transport.write(action.head)
        chunk = (b"<!-- newsweb filler -->\n" * (STREAM_CHUNK // 24 + 1))[:STREAM_CHUNK]
        remaining = action.size
        while remaining > 0 and not self.transport.is_closing():
            await self.writable.wait()
            self.transport.write(chunk[: min(remaining, STREAM_CHUNK)])
            remaining -= STREAM_CHUNK


def wants_close(request: Request) -> bool:
    connection = request.headers.get("connection", "").lower()
    if request.headers.get(":version") == "HTTP/1.0":
        return connection != "keep-alive"
    return connection == "close"


class NewsWebServer:
    """Listeners for the control port and every outlet of a handler's site."""

    def __init__(self, handler: OutletHandler, host: str = "127.0.0.1", port: int = 0) -> None:
        self.handler, self.host, self.port = handler, host, port
        self.control = Control(handler)
        self.connections: set[Connection] = set()
        self.servers: list[asyncio.base_events.Server] = []

    async def listen(self, listener: int, port: int) -> int:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: Connection(self, listener), self.host, port, reuse_address=True, backlog=1024
        )
        self.servers.append(server)
        return server.sockets[0].getsockname()[1]

    async def start(self) -> None:
        """Bind every port, then give each outlet its base URL."""
        fixed = self.port
        self.port = await self.listen(CONTROL, self.port)
        for outlet in self.handler.site.outlets:
            port = await self.listen(outlet.index, fixed + 1 + outlet.index if fixed else 0)
            outlet.base_url = f"http://{self.host}:{port}"

    async def stop(self) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.connections):
            if connection.transport is not None:
                connection.transport.abort()
        for server in self.servers:
            await server.wait_closed()
