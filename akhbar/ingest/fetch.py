"""The polite, guarded HTTP fetcher: bytes in, bytes out, no parsing, no database.

One `Fetcher` holds one shared `httpx.AsyncClient` (HTTP/2 where the server offers it) and the
per-host state that politeness needs. `await fetcher.fetch(url)` returns a `FetchResult` or
raises a `FetchError` whose `kind` is one of `ERROR_KINDS` (the values of
`akhbar.news.models.ErrorKind`). Everything it may do is set by a `FetchPolicy`; it reads no
settings of its own. docs/INGEST.md ("Fetching and parsing") is the user-facing description.

Each hop of a fetch (the first request and every redirect) goes through these steps, in order:

1. scheme check: only http and https;
2. address guard: the host is resolved and every address must be public (not loopback,
   private, link-local, multicast, reserved or unspecified) unless the host, as written in the
   URL, is in `FetchPolicy.allowed_private_hosts`. This runs before robots.txt and before any
   connection, so an unsafe hop never opens a socket. The same guard runs again inside the
   connection pool when a socket is opened, and the socket goes to the address it approved
   (no second DNS answer can slip in between check and connect);
3. robots.txt of that host (cached for `robots_ttl`);
4. politeness: `exchange_permit` (a hook for subclasses that share per-host limits between
   processes; it holds nothing here), then wait out a Retry-After the host gave us, take one
   of its `per_host_concurrency` slots, then, if the host has a spacing (`min_host_interval`,
   or its Crawl-delay if longer), wait until that long after the end of its previous request;
5. the request, under `total_timeout`, with the body streamed and decompressed by us, counting
   decompressed bytes, and aborted past `max_bytes`. A 304, a redirect or an error is drained
   when its body is small (at most `DRAIN_MAX` bytes), so its connection stays open for the
   host's next request.
"""

import asyncio
import contextlib
import email.utils
import functools
import importlib.util
import re
import ssl
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpcore
import httpx
from protego import Protego

from akhbar.ingest import decompress
from akhbar.ingest.guard import AddressGuard, AddressRefused, GuardedBackend

ERROR_KINDS = (
    "dns",
    "timeout",
    "connection",
    "http",
    "parse",
    "robots",
    "too_large",
    "unsafe",
    "other",
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({404, 410})
RETRY_AFTER_STATUSES = frozenset({429, 503})
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
MAX_RETRY_AFTER = 7 * 86400.0  # as akhbar.ingest.schedule caps it
DRAIN_MAX = 64 * 1024  # a body we do not need is read to keep the connection when this small
DRAIN_TIMEOUT = 1.0  # seconds; a body that takes longer is abandoned with its connection
KEEPALIVE_CONNECTIONS = 8  # see FetchPolicy.max_keepalive_connections

# httpcore asks `import sniffio` on every lock it takes. Without sniffio installed (httpx and
# anyio no longer need it), each failed import searches sys.path again: a third of a polling
# pass's CPU went there. Recording the absence once makes the failure immediate.
if importlib.util.find_spec("sniffio") is None:
    sys.modules.setdefault("sniffio", None)


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0  # one HTTP exchange, connect to last byte; queueing excluded
    max_bytes: int = 5_000_000  # decompressed
    max_redirects: int = 5
    allowed_private_hosts: frozenset[str] = frozenset()
    per_host_concurrency: int = 2
    min_host_interval: float = 0.0  # seconds from one request's end to the next one's start
    respect_robots: bool = True
    robots_ttl: float = 86400
    robots_max_bytes: int = 500_000  # Google reads the first 500 KiB; larger means "allow all"
    max_crawl_delay: float = 60.0  # a Crawl-delay above this is taken as this
    accept_language: str = "ar, fr;q=0.9, en;q=0.5"
    # idle connections kept open across hosts: httpcore scans every pooled connection on each
    # request, and a crawl moves on from host to host, so a few dozen is all that pays
    max_keepalive_connections: int = KEEPALIVE_CONNECTIONS


class FetchError(Exception):
    """A fetch that failed; `kind` says at which step (see ERROR_KINDS)."""

    def __init__(
        self,
        kind: str,
        url: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        permanent: bool = False,
    ) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"fetch: unknown error kind {kind!r}")
        super().__init__(f"fetch: {message} ({url})")
        self.kind = kind
        self.url = url
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.permanent = permanent

    def __reduce__(self):
        # Picklable, so that errors can cross a process pool.
        options = {"status": self.status, "retry_after": self.retry_after}
        return _rebuild_fetch_error, (self.kind, self.url, self.message, options, self.permanent)


def _rebuild_fetch_error(kind, url, message, options, permanent) -> "FetchError":
    return FetchError(kind, url, message, permanent=permanent, **options)


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    redirects: list[str] = field(default_factory=list)
    elapsed: float = 0.0


@dataclass
class _Response:
    """One hop's answer, before we decide whether it is a redirect, an error or the result."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes


@dataclass
class HostMemory:
    """What politeness learned about one host: plain data, kept across Fetchers if asked.

    Times are `time.monotonic()` seconds, valid within one process.
    """

    interval: float = 0.0  # min_host_interval, or the host's Crawl-delay if longer
    next_start: float = 0.0  # the previous request's end + interval
    blocked_until: float = 0.0  # from a Retry-After
    blocked_status: int | None = None
    robots: Protego | None = None  # None: everything allowed
    robots_expires: float = 0.0


class _Host:
    """One host's locks (bound to this Fetcher's event loop) and its memory."""

    def __init__(self, key: str, policy: FetchPolicy, memory: HostMemory) -> None:
        self.key = key
        self.slots = asyncio.Semaphore(policy.per_host_concurrency)
        self.spacing = asyncio.Lock()
        self.robots_lock = asyncio.Lock()
        self.memory = memory


class Fetcher:
    """`async with Fetcher(policy) as fetcher: result = await fetcher.fetch(url)`.

    `memory` (host key → HostMemory) may be shared by successive Fetchers, e.g. one per crawl
    pass, so that robots.txt stays cached for `robots_ttl` and a Retry-After or Crawl-delay
    is honoured across passes. Without it, each Fetcher starts with nothing known.

    Subclasses adapt politeness through `exchange_permit` only (see there).
    """

    def __init__(self, policy: FetchPolicy, *, memory: dict[str, HostMemory] | None = None):
        self.policy = policy
        self.memory = {} if memory is None else memory
        self.guard = AddressGuard(policy.allowed_private_hosts, policy.connect_timeout)
        self._client = _client(policy, self.guard)
        self._hosts: dict[str, _Host] = {}

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET `url` politely and safely; raises FetchError (see the module docstring)."""
        started = time.monotonic()
        headers = _request_headers(etag, last_modified, accept)
        response, redirects = await self._follow(url, headers, self.policy.max_bytes, robots=True)
        result = _result(url, response, redirects)
        result.elapsed = time.monotonic() - started
        return result

    async def _follow(
        self, url: str, headers: dict[str, str], max_bytes: int, *, robots: bool
    ) -> tuple[_Response, list[str]]:
        """Follow redirects ourselves so that every hop goes through the guard."""
        current, redirects = url, []
        while True:
            target = _http_url(url, current)
            await self._check_address(url, target)
            if robots and self.policy.respect_robots:
                await self._check_robots(url, target)
            response = await self._exchange(url, target, headers, max_bytes)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response, redirects
            current = self._next_hop(url, current, location, redirects)

    async def _check_address(self, url: str, target: httpx.URL) -> None:
        """Before robots.txt and before any connection: see the module docstring, step 2."""
        try:
            await self.guard.check(_ascii_host(target), target.port)
        except AddressRefused as error:
            raise _refused(url, error) from error

    def _next_hop(self, url: str, current: str, location: str, redirects: list[str]) -> str:
        following = urljoin(current, location.strip())
        if following == url or following in redirects:
            raise FetchError("http", url, f"redirect loop at {following}")
        if len(redirects) >= self.policy.max_redirects:
            raise FetchError("http", url, f"more than {self.policy.max_redirects} redirects")
        redirects.append(following)
        return following

    def exchange_permit(
        self, url: str, host: str, interval: float
    ) -> contextlib.AbstractAsyncContextManager:
        """The hook around each HTTP exchange (a page, a redirect hop or robots.txt): an async
        context manager entered after the address and robots.txt checks and before this
        Fetcher's own per-host waits, left once the exchange's outcome is known.

        `host` is the politeness key (`host_key`), `interval` the host's current spacing in
        seconds (0: none). A FetchError of the exchange (say a 429 with `retry_after`)
        propagates through the context, so the permit can act on it. Overriding this is how
        a subclass shares per-host limits between processes (akhbar.scaleout.politeness);
        this one holds nothing.
        """
        return _NO_PERMIT

    async def _exchange(
        self, url: str, target: httpx.URL, headers: dict[str, str], max_bytes: int
    ) -> _Response:
        host = self._host(target)
        async with self.exchange_permit(url, host.key, host.memory.interval):
            await self._wait_out_retry_after(url, host)
            async with host.slots:
                response = await self._spaced_request(host, url, target, headers, max_bytes)
            self._remember_retry_after(host, response)
            _raise_for_status(url, response)
        return response

    async def _request(
        self, url: str, target: httpx.URL, headers: dict[str, str], max_bytes: int
    ) -> _Response:
        try:
            async with asyncio.timeout(self.policy.total_timeout):
                async with self._client.stream("GET", target, headers=headers) as response:
                    return await _read(url, response, max_bytes)
        except FetchError:
            raise
        except Exception as error:
            raise _network_error(url, error) from error

    # --- politeness ----------------------------------------------------------------------

    def _host(self, target: httpx.URL) -> _Host:
        key = host_key(target)
        if key not in self._hosts:
            memory = self.memory.setdefault(key, HostMemory(self.policy.min_host_interval))
            self._hosts[key] = _Host(key, self.policy, memory)
        return self._hosts[key]

    async def _wait_out_retry_after(self, url: str, host: _Host) -> None:
        """Wait for a host that asked us to come back later, or fail fast when that is far.

        A wait longer than `total_timeout` is not done: the fetch fails at once with kind
        "http", the status that asked for it, and `retry_after` = the seconds left.
        """
        memory = host.memory
        wait = memory.blocked_until - time.monotonic()
        if wait <= 0:
            return
        if wait > self.policy.total_timeout:
            message = f"host asked us to retry after {wait:.0f} s"
            status = memory.blocked_status
            raise FetchError("http", url, message, status=status, retry_after=wait)
        await asyncio.sleep(wait)

    async def _spaced_request(
        self, host: _Host, url: str, target: httpx.URL, headers: dict[str, str], max_bytes: int
    ) -> _Response:
        """With a spacing interval, one request at a time per host, each starting `interval`
        after the previous one ended: the server can never see two closer than that (a gap
        counted between request starts would shrink by the first request's connect time).
        """
        memory = host.memory
        if memory.interval <= 0:
            return await self._request(url, target, headers, max_bytes)
        async with host.spacing:
            wait = memory.next_start - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                return await self._request(url, target, headers, max_bytes)
            finally:
                memory.next_start = time.monotonic() + memory.interval

    def _remember_retry_after(self, host: _Host, response: _Response) -> None:
        if response.status not in RETRY_AFTER_STATUSES:
            return
        delay = parse_retry_after(response.headers.get("retry-after"))
        if delay:
            delay = min(delay, MAX_RETRY_AFTER)  # a year-long Retry-After is a misconfiguration
            host.memory.blocked_until = max(host.memory.blocked_until, time.monotonic() + delay)
            host.memory.blocked_status = response.status

    # --- robots.txt ----------------------------------------------------------------------

    async def _check_robots(self, url: str, target: httpx.URL) -> None:
        host = self._host(target)
        memory = host.memory
        async with host.robots_lock:  # one robots.txt request per host, however many wait
            if memory.robots_expires <= time.monotonic():
                memory.robots = await self._load_robots(url, target)
                memory.robots_expires = time.monotonic() + self.policy.robots_ttl
                memory.interval = self._interval(memory.robots)
        if memory.robots is not None and not memory.robots.can_fetch(
            str(target), self.policy.user_agent
        ):
            raise FetchError("robots", url, "disallowed by robots.txt")

    async def _load_robots(self, url: str, target: httpx.URL) -> Protego | None:
        """The host's rules, or None (allow all) for a 4xx, an unsafe redirect or a huge file.

        A 5xx or 429 means "disallowed for now": the page's fetch fails with kind "http" and
        that status, and nothing is cached, so the next fetch asks again. A DNS failure,
        timeout or refused connection fails the page's fetch with that same kind.
        """
        robots_url = str(target.copy_with(path="/robots.txt", query=None, fragment=None))
        try:
            response, _ = await self._follow(
                robots_url, _request_headers(), self.policy.robots_max_bytes, robots=False
            )
        except FetchError as error:
            return _robots_failure(url, error)
        return Protego.parse(response.content.decode("utf-8", errors="replace"))

    def _interval(self, robots: Protego | None) -> float:
        delay = robots.crawl_delay(self.policy.user_agent) if robots is not None else None
        delay = min(float(delay or 0.0), self.policy.max_crawl_delay)
        return max(self.policy.min_host_interval, delay)


class _NoPermit(contextlib.AbstractAsyncContextManager):
    """The default exchange permit: holds nothing (cheaper than a fresh context manager)."""

    async def __aexit__(self, *exc_info) -> None:
        return None


_NO_PERMIT = _NoPermit()


def _robots_failure(url: str, error: FetchError) -> None:
    if error.kind in ("unsafe", "too_large"):
        return None
    if error.kind == "http" and error.status and 400 <= error.status < 500 and error.status != 429:
        return None
    raise FetchError(
        error.kind,
        url,
        f"robots.txt unavailable, host treated as disallowed for now: {error}",
        status=error.status,
        retry_after=error.retry_after,
    )


def _ascii_host(target: httpx.URL) -> str:
    """The host as resolved and as httpcore connects to it: IDNA (punycode), IPv6 unbracketed."""
    return target.raw_host.decode("ascii")


def host_key(url: httpx.URL | str) -> str:
    """scheme://host:port, the unit of politeness (newsweb outlets differ only by port)."""
    url = httpx.URL(url) if isinstance(url, str) else url
    return f"{url.scheme}://{url.host}:{url.port or (443 if url.scheme == 'https' else 80)}"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    value = (value or "").strip()
    if not value:
        return None
    if _NUMBER.fullmatch(value):
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - (now or datetime.now(UTC))).total_seconds(), 0.0)


def _client(policy: FetchPolicy, guard: AddressGuard) -> httpx.AsyncClient:
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=policy.total_timeout,
    )
    headers = {
        "User-Agent": policy.user_agent,
        "Accept-Encoding": "gzip, br",  # the codings Decompressor bounds
        "Accept-Language": policy.accept_language,
    }
    # trust_env=False: an environment proxy would connect for us, past the address guard.
    return httpx.AsyncClient(
        transport=_transport(policy, guard),
        timeout=timeout,
        headers=headers,
        follow_redirects=False,
        trust_env=False,
    )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every Fetcher: loading the CA bundle takes a while."""
    return httpx.create_ssl_context()


def _transport(policy: FetchPolicy, guard: AddressGuard) -> httpx.AsyncHTTPTransport:
    """httpx's transport (HTTP/1.1 and HTTP/2) over a pool whose sockets the guard opens."""
    keepalive = policy.max_keepalive_connections
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=keepalive)
    context = _ssl_context()
    transport = httpx.AsyncHTTPTransport(verify=context, http2=True, limits=limits, retries=0)
    # httpx has no public hook for the network backend: swap in a pool built with ours
    # (test_it_guards_the_sockets_of_the_shared_client fails if this stops working).
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=context,
        max_connections=None,
        max_keepalive_connections=keepalive,
        http1=True,
        http2=True,
        network_backend=GuardedBackend(guard),
    )
    return transport


# --- requests and responses -----------------------------------------------------------------


def _request_headers(
    etag: str | None = None, last_modified: str | None = None, accept: str | None = None
) -> dict[str, str]:
    headers = {"Accept": accept or "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _http_url(url: str, current: str) -> httpx.URL:
    try:
        target = httpx.URL(current)
    except (httpx.InvalidURL, TypeError) as error:
        raise FetchError("other", url, f"invalid URL {current!r}", permanent=True) from error
    if target.scheme not in ("http", "https") or not target.host:
        raise FetchError("unsafe", url, f"refusing non-HTTP URL {current!r}", permanent=True)
    return target


async def _read(url: str, response: httpx.Response, max_bytes: int) -> _Response:
    """Status and headers, and the body unless it cannot matter (304, redirects, errors)."""
    headers = {name.lower(): value for name, value in response.headers.items()}
    content = b""
    if 200 <= response.status_code < 300:
        content = await _read_body(url, response, headers, max_bytes)
    else:
        # A 304 costs no body and no parsing; a redirect's or an error's body is not kept.
        await _drain(response, headers)
    return _Response(str(response.url), response.status_code, headers, content)


async def _drain(response: httpx.Response, headers: dict[str, str]) -> None:
    """Read a body we do not keep when it is known to be small (a 304 has none): a response
    left unread closes its connection, and the host's next request would open a new one."""
    declared = headers.get("content-length", "")
    if response.status_code != 304 and not (declared.isdigit() and int(declared) <= DRAIN_MAX):
        return
    try:
        async with asyncio.timeout(DRAIN_TIMEOUT):
            async for _ in response.aiter_raw():
                pass
    except Exception:  # a stalled or broken body: the connection closes, the status stands
        return


async def _read_body(
    url: str, response: httpx.Response, headers: dict[str, str], max_bytes: int
) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(url, max_bytes, f"Content-Length {declared}")
    try:
        decoder = decompress.Decompressor(headers.get("content-encoding", ""))
    except ValueError as error:
        raise FetchError("other", url, str(error)) from error
    body = bytearray()
    async for raw in response.aiter_raw():
        # Count decompressed bytes: a small gzip bomb must stop at the cap, not at 1 GB.
        for chunk in decoder.feed(raw):
            body += chunk
            if len(body) > max_bytes:
                raise _too_large(url, max_bytes, "body")
    if not decoder.complete:
        raise FetchError("connection", url, f"truncated {decoder.coding} body")
    return bytes(body)


def _too_large(url: str, max_bytes: int, what: str) -> FetchError:
    return FetchError("too_large", url, f"{what} exceeds {max_bytes} bytes", permanent=False)


def _raise_for_status(url: str, response: _Response) -> None:
    status = response.status
    if status < 400 and (status not in REDIRECT_STATUSES or "location" in response.headers):
        return
    if status in REDIRECT_STATUSES:
        raise FetchError("http", url, f"HTTP {status} without Location", status=status)
    raise FetchError(
        "http",
        url,
        f"HTTP {status} from {response.url}",
        status=status,
        retry_after=parse_retry_after(response.headers.get("retry-after")),
        permanent=status in PERMANENT_STATUSES,
    )


def _result(url: str, response: _Response, redirects: list[str]) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=redirects[-1] if redirects else url,
        status=response.status,
        headers=response.headers,
        content=response.content,
        not_modified=response.status == 304,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        redirects=redirects,
    )


def _refused(url: str, error: AddressRefused) -> FetchError:
    return FetchError(error.kind, url, str(error), permanent=error.kind == "unsafe")


def _network_error(url: str, error: Exception) -> FetchError:
    """Map guard, httpx, httpcore, asyncio and decompression exceptions to our kinds."""
    if isinstance(error, AddressRefused):  # raised by the guarded pool at connect time
        return _refused(url, error)
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        return FetchError("timeout", url, f"timed out ({type(error).__name__})")
    if isinstance(error, decompress.ERRORS):
        return FetchError("parse", url, f"corrupt compressed body: {error}")
    if isinstance(error, httpx.TransportError | OSError):
        return FetchError("connection", url, f"{type(error).__name__}: {error}")
    return FetchError("other", url, f"{type(error).__name__}: {error}")
