"""A tiny HTTP/1.1 server on a real 127.0.0.x socket, for testing the fetcher.

Each route is an async function `handler(request, writer)` that writes whatever bytes it likes
(a normal response, a never-ending body, a reset). The server records every request with the
moment it arrived, and counts connections, so tests assert politeness from the server's side.
"""

import asyncio
import socket
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    arrived: float = field(default_factory=time.monotonic)


Handler = Callable[[Request, asyncio.StreamWriter], Awaitable[None]]


class TinyServer:
    def __init__(self, routes: dict[str, Handler], host: str = "127.0.0.1") -> None:
        self.routes = routes
        self.host = host
        self.requests: list[Request] = []
        self.connections = 0
        self._tasks: set[asyncio.Task] = set()

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    async def __aenter__(self) -> "TinyServer":
        self._server = await asyncio.start_server(self._serve, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info) -> None:
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._tasks.add(asyncio.current_task())
        try:
            while not writer.is_closing():
                request = await _read_request(reader)
                if request is None:
                    break
                self.requests.append(request)
                await self.routes.get(request.path, not_found)(request, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._tasks.discard(asyncio.current_task())
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    line = await reader.readline()
    if not line.strip():
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers = {}
    while (header := await reader.readline()).strip():
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return Request(method, path, headers)


async def respond(
    writer: asyncio.StreamWriter,
    status: int = 200,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()


def reply(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> Handler:
    async def handler(request: Request, writer: asyncio.StreamWriter) -> None:
        await respond(writer, status, body, headers)

    return handler


def redirect(location: str, status: int = 302) -> Handler:
    return reply(status, headers={"Location": location})


async def not_found(request: Request, writer: asyncio.StreamWriter) -> None:
    await respond(writer, 404, b"not found")


async def hang(request: Request, writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(3600)


async def reset(request: Request, writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()  # with SO_LINGER 0: a TCP RST, not a FIN


def stream(chunks, headers: dict[str, str], sent: list[int]) -> Handler:
    """A chunked body from an iterable of byte chunks; `sent` accumulates bytes written."""

    async def handler(request: Request, writer: asyncio.StreamWriter) -> None:
        head = ["HTTP/1.1 200 OK", "Transfer-Encoding: chunked"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        for chunk in chunks:
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent[0] += len(chunk)
            await writer.drain()
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    return handler
