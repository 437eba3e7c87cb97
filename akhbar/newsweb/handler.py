"""HTTP semantics of the outlets: rate limits, faults, conditional GET, compression.

`OutletHandler.handle(outlet, request)` turns a parsed request into response bytes, or into a
`Slow` action for the faults that need time or streaming (the server carries those out).
"""

from __future__ import annotations

import gzip
import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http import HTTPStatus

from . import faults as fl
from .dates import http_date
from .routes import Response, Router, clean_target
from .site import Site

try:
    import brotli
except ImportError:  # brotli is optional: without it only gzip is offered
    brotli = None

RATE_WINDOW = 10.0  # seconds of the per-client rate-limit window
COMPRESSIBLE = ("text/", "application/")
SLOW_FAULTS = ("timeout", "slow_drip", "reset", "truncated", "huge_body")


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""
    client: str = "127.0.0.1"


@dataclass
class Slow:
    """A fault the server plays out over time: hang, drip, reset, truncate, stream."""

    kind: str
    head: bytes = b""
    body: bytes = b""
    size: int = 0


def head_bytes(
    status: int, headers: list[tuple[str, str]], length: int, close: bool = False
) -> bytes:
    lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"]
    lines += [f"{k}: {v}" for k, v in headers]
    lines.append(f"Content-Length: {length}")
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def choose_encoding(accept: str) -> str:
    """brotli when offered (and installed), else gzip, else none."""
    if brotli is not None and "br" in accept:
        return "br"
    return "gzip" if "gzip" in accept else ""


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=5)
    return gzip.compress(body, compresslevel=6, mtime=0)


@dataclass
class Stats:
    """Request counts per outlet and path, with recent wall-clock times for politeness tests."""

    total: int = 0
    outlets: dict = field(
        default_factory=lambda: defaultdict(
            lambda: {"requests": 0, "paths": defaultdict(int), "times": deque(maxlen=2000)}
        )
    )

    def record(self, slug: str, target: str) -> None:
        self.total += 1
        row = self.outlets[slug]
        row["requests"] += 1
        row["paths"][target] += 1
        row["times"].append(round(time.time(), 3))

    def as_dict(self) -> dict:
        rows = {
            s: {"requests": r["requests"], "paths": dict(r["paths"]), "times": list(r["times"])}
            for s, r in self.outlets.items()
        }
        return {"total": self.total, "outlets": rows}


class RateLimiter:
    """A fixed window per (outlet, client): `limit` requests per RATE_WINDOW seconds."""

    def __init__(self) -> None:
        self.windows: dict[tuple[int, str], list[float]] = {}

    def retry_after(self, outlet: int, client: str, limit: int) -> int | None:
        now = time.monotonic()
        window = self.windows.get((outlet, client))
        if window is None or now - window[0] >= RATE_WINDOW:
            window = self.windows[(outlet, client)] = [now, 0]
        window[1] += 1
        return math.ceil(RATE_WINDOW - (now - window[0])) or 1 if window[1] > limit else None


class OutletHandler:
    """Answers requests to the outlets of one site."""

    def __init__(self, site: Site, faults: fl.FaultTable, stats: Stats | None = None) -> None:
        self.site, self.faults = site, faults
        self.router = Router(site)
        self.stats = stats or Stats()
        self.limiter = RateLimiter()
        self._fast: dict[tuple[int, str, str], bytes] = {}
        self._version = -1

    def handle(self, outlet: int, req: Request) -> bytes | Slow:
        slug_outlet = self.site.outlets[outlet]
        self.stats.record(slug_outlet.slug, req.target)
        if slug_outlet.rate_limit:
            client = req.client + "|" + req.headers.get("user-agent", "")
            wait = self.limiter.retry_after(outlet, client, slug_outlet.rate_limit)
            if wait:
                return self.plain(429, [("Retry-After", str(wait))], req)
        fault = self.faults.lookup(outlet, clean_target(req.target))
        if fault:
            return self.fault(outlet, fault, req)
        return self.cached(outlet, req)

    def cached(self, outlet: int, req: Request) -> bytes:
        """Pre-built response bytes for plain GETs; conditional requests go the long way."""
        if self._version != self.site.clock.version:
            self._fast.clear()
            self._version = self.site.clock.version
        conditional = "if-none-match" in req.headers or "if-modified-since" in req.headers
        encoding = choose_encoding(req.headers.get("accept-encoding", ""))
        key = (outlet, req.target, encoding)
        if conditional and req.method == "GET":
            return self.revalidated(outlet, req, encoding)
        if req.method != "GET" or key not in self._fast:
            data = self.finish(self.router.respond(outlet, req.target), req, encoding)
            if req.method != "GET":
                return data
            self._fast[key] = data
        return self._fast[key]

    def revalidated(self, outlet: int, req: Request, encoding: str) -> bytes:
        """A conditional GET: the 304 answer to a matching ETag is built once and kept."""
        resp = self.router.respond(outlet, req.target)
        key = (outlet, req.target, resp.etag)
        if req.headers.get("if-none-match") == resp.etag and key in self._fast:
            return self._fast[key]
        data = self.finish(resp, req, encoding)
        if req.headers.get("if-none-match") == resp.etag:
            self._fast[key] = data
        return data

    def finish(self, resp: Response, req: Request, encoding: str) -> bytes:
        """Headers, 304 on a matching validator, compression, HEAD."""
        headers = [("Content-Type", resp.content_type), ("Server", "newsweb")] + resp.headers
        if resp.status != 200:
            return self.plain(resp.status, headers, req, resp.body)
        headers += [("ETag", resp.etag), ("Vary", "Accept-Encoding")]
        if resp.last_modified is not None:
            headers.append(("Last-Modified", http_date(resp.last_modified)))
        if not_modified(resp, req.headers):
            return head_bytes(304, [h for h in headers if h[0] != "Content-Type"], 0)
        body = resp.body
        if encoding and resp.content_type.startswith(COMPRESSIBLE) and len(body) > 200:
            body = compress(body, encoding)
            headers.append(("Content-Encoding", encoding))
        return head_bytes(200, headers, len(body)) + (body if req.method != "HEAD" else b"")

    def plain(
        self, status: int, headers: list[tuple[str, str]], req: Request, body: bytes = b""
    ) -> bytes:
        if not any(k == "Content-Type" for k, _ in headers):
            headers = [("Content-Type", "text/html; charset=utf-8")] + headers
        return head_bytes(status, headers, len(body)) + (body if req.method != "HEAD" else b"")

    def fault(self, outlet: int, kind: str, req: Request) -> bytes | Slow:
        """The broken answer of a faulty URL or outlet."""
        normal = self.router.respond(outlet, req.target)
        ctype = [("Content-Type", normal.content_type)]
        if kind in SLOW_FAULTS:
            return self.slow(kind, normal)
        if kind in ("http_403", "http_500", "http_503", "rate_limited"):
            status = {"http_403": 403, "http_500": 500, "http_503": 503, "rate_limited": 429}[kind]
            extra = (
                [("Retry-After", "120" if status == 503 else "30")] if status in (429, 503) else []
            )
            return self.plain(status, extra, req, f"<h1>{status}</h1>".encode())
        if kind == "redirect_loop":
            return self.plain(302, [("Location", loop_target(req.target))], req)
        if kind == "redirect_private":
            return self.plain(302, [("Location", fl.private_target(outlet, req.target))], req)
        if kind == "empty_200":
            return self.plain(200, ctype, req)
        if kind == "gzip_bomb":
            return self.plain(200, ctype + [("Content-Encoding", "gzip")], req, fl.gzip_bomb())
        if kind == "malformed_xml":
            return self.plain(200, ctype, req, fl.malform(normal.body))
        if kind == "html_as_feed":
            home = self.router.respond(outlet, "/")
            return self.plain(200, ctype, req, home.body)
        return self.plain(
            200, [("Content-Type", "text/html; charset=utf-8")], req, normal.body
        )  # feed_as_html

    def slow(self, kind: str, normal: Response) -> Slow:
        ctype = [("Content-Type", normal.content_type)]
        if kind == "huge_body":
            return Slow(
                kind, head_bytes(200, ctype, fl.HUGE_BODY_SIZE, close=True), size=fl.HUGE_BODY_SIZE
            )
        body = normal.body or b"<html></html>"
        return Slow(kind, head_bytes(200, ctype, len(body), close=True), body)


def loop_target(target: str) -> str:
    """/x -> /x?_r=1 -> /x -> ...: a two-step redirect loop."""
    if "_r=1" in target:
        return target.replace("?_r=1", "").replace("&_r=1", "")
    return target + ("&" if "?" in target else "?") + "_r=1"


def not_modified(resp: Response, headers: dict[str, str]) -> bool:
    """True when the client's validators match: ETag first, then Last-Modified."""
    if "if-none-match" in headers:
        tags = [t.strip() for t in headers["if-none-match"].split(",")]
        return resp.etag in tags or "*" in tags
    since = headers.get("if-modified-since")
    if since and resp.last_modified is not None:
        try:
            return resp.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False
