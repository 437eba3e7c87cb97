"""The fetcher over real sockets: tiny servers on 127.0.0.1, short timeouts, small caps."""

import asyncio
import contextlib
import gzip
import itertools
import pickle
import struct
import tracemalloc
import zlib

import brotli
import pytest

from akhbar.ingest.fetch import Fetcher, FetchError, FetchPolicy, host_key, parse_retry_after
from akhbar.ingest.guard import AddressGuard, AddressRefused, GuardedBackend, is_public_address
from tests.ingest.servers import (
    TinyServer,
    hang,
    redirect,
    reply,
    reset,
    respond,
    stream,
)

MB = 1024 * 1024
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def policy(**overrides) -> FetchPolicy:
    settings = {
        "user_agent": "AkhbarTest/0.1 (+https://akhbar.test/contact)",
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "total_timeout": 3.0,
        "max_bytes": 1 * MB,
        "allowed_private_hosts": frozenset({"127.0.0.1"}),
        "respect_robots": False,
    }
    return FetchPolicy(**{**settings, **overrides})


async def fetch_error(fetcher: Fetcher, url: str, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(url, **kwargs)
    return caught.value


def test_it_fetches_a_feed_with_a_clear_user_agent():
    async def scenario():
        async with TinyServer({"/feed": reply(200, RSS, {"ETag": '"v1"'})}) as server:
            async with Fetcher(policy()) as fetcher:
                result = await fetcher.fetch(server.base + "/feed")
        return server, result

    server, result = asyncio.run(scenario())
    # it should return the body, the status and the validators to store
    assert (result.status, result.content, result.etag) == (200, RSS, '"v1"')
    # it should name itself with a contact URL and accept only encodings it bounds
    assert server.requests[0].headers["user-agent"].startswith("AkhbarTest/0.1 (+https://")
    assert server.requests[0].headers["accept-encoding"] == "gzip, br"


def test_it_sends_validators_and_skips_the_body_on_304():
    async def not_modified(request, writer):
        matches = request.headers.get("if-none-match") == '"v1"'
        await respond(writer, 304 if matches else 200, b"" if matches else RSS)

    async def scenario():
        async with TinyServer({"/feed": not_modified}) as server:
            async with Fetcher(policy()) as fetcher:
                result = await fetcher.fetch(
                    server.base + "/feed",
                    etag='"v1"',
                    last_modified="Sun, 29 Nov 2026 06:00:00 GMT",
                )
        return server, result

    server, result = asyncio.run(scenario())
    # it should send If-None-Match and If-Modified-Since
    assert server.requests[0].headers["if-modified-since"] == "Sun, 29 Nov 2026 06:00:00 GMT"
    # it should report the 304 as not modified, with nothing to parse
    assert (result.not_modified, result.content) == (True, b"")


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_it_decompresses_gzip_and_brotli_bodies(encoding):
    body = "خبر عاجل ".encode() * 1000
    packed = gzip.compress(body) if encoding == "gzip" else brotli.compress(body)

    async def scenario():
        route = reply(200, packed, {"Content-Encoding": encoding})
        async with TinyServer({"/page": route}) as server, Fetcher(policy()) as fetcher:
            return await fetcher.fetch(server.base + "/page")

    # it should hand back the decoded bytes
    assert asyncio.run(scenario()).content == body


def test_it_aborts_a_50_mb_body_at_the_size_cap():
    sent = [0]
    chunks = itertools.repeat(b"x" * 65536, 50 * MB // 65536)

    async def scenario():
        async with TinyServer({"/huge": stream(chunks, {}, sent)}) as server:
            async with Fetcher(policy(max_bytes=1 * MB)) as fetcher:
                return await fetch_error(fetcher, server.base + "/huge")

    error = asyncio.run(scenario())
    # it should fail as "too_large"
    assert error.kind == "too_large" and str(error).startswith("fetch: ")
    # it should stop reading long before the server got the 50 MB out
    assert sent[0] < 20 * MB


def test_it_refuses_a_declared_content_length_over_the_cap():
    async def scenario():
        route = reply(200, b"x" * 2048)
        async with TinyServer({"/big": route}) as server:
            async with Fetcher(policy(max_bytes=1024)) as fetcher:
                return await fetch_error(fetcher, server.base + "/big")

    # it should refuse from the header alone
    assert asyncio.run(scenario()).kind == "too_large"


def gzip_bomb(total: int, chunk: int = MB):
    """`total` zero bytes as one gzip stream, built without compressing all of them.

    After a full flush zlib starts afresh, so every further chunk of zeros packs to the same
    bytes: compress two chunks, repeat the second, and close with the CRC and length.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(chunk)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    repeat = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(total // chunk):
        crc = zlib.crc32(zeros, crc)
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first
    yield from itertools.repeat(repeat, total // chunk - 1)
    yield packer.flush() + struct.pack("<II", crc, total & 0xFFFFFFFF)


def test_it_builds_a_valid_gzip_bomb():
    inflated = gzip.decompress(b"".join(gzip_bomb(8 * MB)))
    # it should inflate to exactly the zeros it stands for (checked small: 8 MB)
    assert inflated == bytes(8 * MB)


def test_it_stops_a_gzip_bomb_at_the_cap_with_bounded_memory():
    bomb = b"".join(gzip_bomb(1024 * MB))  # 1 GiB of zeros, about 1 MB compressed
    # it should serve a real bomb: a thousand times smaller than what it inflates to
    assert len(bomb) < 2 * MB
    sent = [0]
    chunks = [bomb[i : i + 65536] for i in range(0, len(bomb), 65536)]

    async def scenario():
        route = stream(chunks, {"Content-Encoding": "gzip"}, sent)
        async with TinyServer({"/bomb": route}) as server:
            async with Fetcher(policy(max_bytes=2 * MB)) as fetcher:
                tracemalloc.start()
                error = await fetch_error(fetcher, server.base + "/bomb")
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        return error, peak

    error, peak = asyncio.run(scenario())
    # it should count inflated bytes and stop at the cap
    assert error.kind == "too_large"
    # it should never hold much more than the cap in memory (the bomb inflates to 1 GiB)
    assert peak < 16 * MB


def test_it_times_out_on_a_server_that_never_answers():
    async def scenario():
        async with TinyServer({"/slow": hang}) as server:
            async with Fetcher(policy(read_timeout=0.2)) as fetcher:
                return await fetch_error(fetcher, server.base + "/slow")

    # it should give up after the read timeout, with kind "timeout"
    assert asyncio.run(scenario()).kind == "timeout"


def test_it_enforces_the_total_deadline_on_a_slow_drip():
    async def drip(request, writer):
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(1000):
            writer.write(b"x")
            await writer.drain()
            await asyncio.sleep(0.05)

    async def scenario():
        async with TinyServer({"/drip": drip}) as server:
            async with Fetcher(policy(read_timeout=1.0, total_timeout=0.4)) as fetcher:
                return await fetch_error(fetcher, server.base + "/drip")

    # it should stop at the total deadline though every single read is quick
    assert asyncio.run(scenario()).kind == "timeout"


def test_it_reports_a_connection_reset():
    async def scenario():
        async with TinyServer({"/reset": reset}) as server, Fetcher(policy()) as fetcher:
            return await fetch_error(fetcher, server.base + "/reset")

    # it should name the failure "connection"
    assert asyncio.run(scenario()).kind == "connection"


def test_it_reports_a_truncated_body_as_a_connection_failure():
    async def truncated(request, writer):
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 10)
        await writer.drain()
        writer.close()

    async def scenario():
        async with TinyServer({"/t": truncated}) as server, Fetcher(policy()) as fetcher:
            return await fetch_error(fetcher, server.base + "/t")

    # it should never return a half body as if it were whole
    assert asyncio.run(scenario()).kind == "connection"


def test_it_follows_redirects_and_reports_the_final_url():
    async def scenario():
        routes = {
            "/old": redirect("/new"),
            "/new": redirect("/feed", 301),
            "/feed": reply(200, RSS),
        }
        async with TinyServer(routes) as server, Fetcher(policy()) as fetcher:
            return server, await fetcher.fetch(server.base + "/old")

    server, result = asyncio.run(scenario())
    # it should land on the feed and list the hops
    assert result.final_url == server.base + "/feed"
    assert result.redirects == [server.base + "/new", server.base + "/feed"]


def test_it_detects_a_redirect_loop():
    async def scenario():
        routes = {"/a": redirect("/b"), "/b": redirect("/a")}
        async with TinyServer(routes) as server, Fetcher(policy()) as fetcher:
            return server, await fetch_error(fetcher, server.base + "/a")

    server, error = asyncio.run(scenario())
    # it should stop at the first repeated URL
    assert error.kind == "http" and "loop" in str(error)
    assert server.paths() == ["/a", "/b"]


def test_it_caps_the_number_of_redirects():
    routes = {f"/{i}": redirect(f"/{i + 1}") for i in range(10)}

    async def scenario():
        async with TinyServer(routes) as server:
            async with Fetcher(policy(max_redirects=3)) as fetcher:
                return server, await fetch_error(fetcher, server.base + "/0")

    server, error = asyncio.run(scenario())
    # it should give up after max_redirects hops
    assert error.kind == "http" and len(server.requests) == 4


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin/",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_it_refuses_a_redirect_to_a_private_address(target):
    async def scenario():
        async with TinyServer({"/go": redirect(target)}) as server, Fetcher(policy()) as fetcher:
            return await fetch_error(fetcher, server.base + "/go")

    error = asyncio.run(scenario())
    # it should refuse the hop as unsafe, for good
    assert (error.kind, error.permanent) == ("unsafe", True)


def test_it_refuses_a_loopback_hop_without_connecting_to_it():
    async def scenario():
        async with TinyServer({}, host="127.0.0.2") as hidden:
            routes = {"/go": redirect(hidden.base + "/secret")}
            async with TinyServer(routes) as server, Fetcher(policy()) as fetcher:
                error = await fetch_error(fetcher, server.base + "/go")
        return hidden, error

    hidden, error = asyncio.run(scenario())
    # it should refuse 127.0.0.2 although 127.0.0.1 is allowed
    assert error.kind == "unsafe"
    # it should check before connecting: the hidden server saw no connection at all
    assert hidden.connections == 0


def test_it_refuses_private_hosts_unless_allowed():
    async def scenario():
        async with TinyServer({"/feed": reply(200, RSS)}) as server:
            async with Fetcher(policy(allowed_private_hosts=frozenset())) as fetcher:
                return server, await fetch_error(fetcher, server.base + "/feed")

    server, error = asyncio.run(scenario())
    # it should refuse 127.0.0.1 when no setting allows it, without a request
    assert error.kind == "unsafe" and server.connections == 0


def test_it_guards_the_sockets_of_the_shared_client():
    async def scenario():
        async with TinyServer({}, host="127.0.0.2") as hidden, Fetcher(policy()) as fetcher:
            with pytest.raises(AddressRefused) as caught:
                await fetcher._client.get(hidden.base + "/")  # past fetch()'s own check
        return hidden, caught.value

    hidden, error = asyncio.run(scenario())
    # it should refuse in the connection pool as well, before any socket is opened
    assert error.kind == "unsafe" and hidden.connections == 0


def test_it_guards_the_socket_itself():
    backend = GuardedBackend(AddressGuard(frozenset({"127.0.0.1"}), timeout=1.0))

    async def connect():
        with pytest.raises(AddressRefused) as caught:
            await backend.connect_tcp("127.0.0.2", 9)
        return caught.value

    # it should refuse at connect time too, whoever asks the pool for a socket
    assert asyncio.run(connect()).kind == "unsafe"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed", "gopher://x/"])
def test_it_refuses_non_http_schemes(url):
    async def scenario():
        async with Fetcher(policy()) as fetcher:
            return await fetch_error(fetcher, url)

    # it should refuse anything but http and https
    assert asyncio.run(scenario()).kind == "unsafe"


def test_it_reports_dns_failures():
    async def scenario():
        async with Fetcher(policy(allowed_private_hosts=frozenset())) as fetcher:
            return await fetch_error(fetcher, "http://no-such-host.invalid/feed")

    # it should name the failure "dns"
    assert asyncio.run(scenario()).kind == "dns"


def test_it_reports_a_refused_connection():
    async def scenario():
        async with TinyServer({}) as server:
            url = server.base + "/feed"
        async with Fetcher(policy()) as fetcher:
            return await fetch_error(fetcher, url)

    # it should name the failure "connection"
    assert asyncio.run(scenario()).kind == "connection"


@pytest.mark.parametrize(
    ("status", "permanent"), [(404, True), (410, True), (403, False), (500, False)]
)
def test_it_raises_http_errors_permanent_only_for_gone_pages(status, permanent):
    async def scenario():
        async with TinyServer({"/p": reply(status)}) as server, Fetcher(policy()) as fetcher:
            return await fetch_error(fetcher, server.base + "/p")

    error = asyncio.run(scenario())
    # it should carry the status, and call only 404 and 410 permanent
    assert (error.kind, error.status, error.permanent) == ("http", status, permanent)


def robots(text: str):
    return reply(200, text.encode(), {"Content-Type": "text/plain"})


def test_it_obeys_a_robots_disallow():
    routes = {
        "/robots.txt": robots("User-agent: *\nDisallow: /private/\n"),
        "/private/feed": reply(),
    }

    async def scenario():
        async with TinyServer(routes) as server:
            async with Fetcher(policy(respect_robots=True)) as fetcher:
                return server, await fetch_error(fetcher, server.base + "/private/feed")

    server, error = asyncio.run(scenario())
    # it should refuse the disallowed path with kind "robots", without requesting it
    assert error.kind == "robots"
    assert server.paths() == ["/robots.txt"]


def test_it_reads_robots_once_per_host_and_spaces_requests_by_crawl_delay():
    routes = {"/robots.txt": robots("User-agent: *\nCrawl-delay: 0.3\n"), "/feed": reply(200, RSS)}

    async def scenario():
        async with TinyServer(routes) as server:
            async with Fetcher(policy(respect_robots=True)) as fetcher:
                await asyncio.gather(*(fetcher.fetch(server.base + "/feed") for _ in range(4)))
        return server

    server = asyncio.run(scenario())
    starts = [r.arrived for r in server.requests if r.path == "/feed"]
    # it should ask for robots.txt once, however many fetches wait for it
    assert server.paths().count("/robots.txt") == 1
    # it should leave at least the Crawl-delay between request starts, seen from the server
    assert len(starts) == 4
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.3 - 0.01


def test_it_allows_everything_when_robots_is_missing():
    async def scenario():
        async with TinyServer({"/feed": reply(200, RSS)}) as server:
            async with Fetcher(policy(respect_robots=True)) as fetcher:
                return await fetcher.fetch(server.base + "/feed")

    # it should read a 404 robots.txt as "allow all"
    assert asyncio.run(scenario()).status == 200


def test_it_treats_a_failing_robots_as_disallowed_for_now():
    routes = {"/robots.txt": reply(500), "/feed": reply(200, RSS)}

    async def scenario():
        async with TinyServer(routes) as server:
            async with Fetcher(policy(respect_robots=True)) as fetcher:
                first = await fetch_error(fetcher, server.base + "/feed")
                second = await fetch_error(fetcher, server.base + "/feed")
        return server, first, second

    server, first, second = asyncio.run(scenario())
    # it should not fetch the page while robots.txt answers 5xx
    assert (first.kind, first.status) == ("http", 500) and "/feed" not in server.paths()
    # it should ask for robots.txt again next time rather than cache the failure
    assert server.paths() == ["/robots.txt", "/robots.txt"]


def test_it_waits_out_a_short_retry_after():
    calls = []

    async def busy_once(request, writer):
        calls.append(request)
        status = 429 if len(calls) == 1 else 200
        await respond(writer, status, RSS, {"Retry-After": "1"})

    async def scenario():
        async with TinyServer({"/feed": busy_once}) as server, Fetcher(policy()) as fetcher:
            error = await fetch_error(fetcher, server.base + "/feed")
            result = await fetcher.fetch(server.base + "/feed")
        return server, error, result

    server, error, result = asyncio.run(scenario())
    # it should report the 429 with the delay the server asked for
    assert (error.kind, error.status, error.retry_after) == ("http", 429, 1.0)
    # it should not ask the host again before that delay (server-side timestamps)
    assert result.status == 200
    assert server.requests[1].arrived - server.requests[0].arrived >= 1.0 - 0.01


def test_it_fails_fast_when_retry_after_exceeds_the_total_timeout():
    async def scenario():
        route = reply(503, b"", {"Retry-After": "120"})
        async with TinyServer({"/feed": route}) as server, Fetcher(policy()) as fetcher:
            await fetch_error(fetcher, server.base + "/feed")
            second = await fetch_error(fetcher, server.base + "/feed")
        return server, second

    server, second = asyncio.run(scenario())
    # it should not ask again, and say how long remains
    assert len(server.requests) == 1
    assert (second.kind, second.status) == ("http", 503) and 100 < second.retry_after <= 120


def test_it_limits_concurrent_requests_per_host():
    in_flight, peak = [0], [0]

    async def slow(request, writer):
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        await asyncio.sleep(0.2)
        in_flight[0] -= 1
        await respond(writer, 200, RSS)

    async def scenario():
        async with TinyServer({"/feed": slow}) as server:
            async with Fetcher(policy(per_host_concurrency=2)) as fetcher:
                await asyncio.gather(*(fetcher.fetch(server.base + "/feed") for _ in range(6)))
        return server

    server = asyncio.run(scenario())
    # it should never have more than two requests in flight at the server
    assert len(server.requests) == 6 and peak[0] == 2


def test_it_spaces_requests_to_one_host_but_not_across_ports():
    async def scenario():
        async with TinyServer({"/f": reply()}) as one, TinyServer({"/f": reply()}) as two:
            async with Fetcher(policy(min_host_interval=0.5)) as fetcher:
                urls = [one.base + "/f", two.base + "/f", one.base + "/f"]
                await asyncio.gather(*(fetcher.fetch(url) for url in urls))
        return one, two

    one, two = asyncio.run(scenario())
    # it should space the two requests to one host by min_host_interval
    assert one.requests[1].arrived - one.requests[0].arrived >= 0.5 - 0.01
    # it should treat another port of 127.0.0.1 as another host, not delayed
    assert two.requests[0].arrived - one.requests[0].arrived < 0.4


def test_it_keys_hosts_by_scheme_host_and_port():
    # it should tell newsweb outlets on distinct ports apart and fill in default ports
    assert host_key("http://127.0.0.1:8001/feed") == "http://127.0.0.1:8001"
    assert host_key("https://Example.dz/a") == "https://example.dz:443"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4007:80e::200e", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:0a00:0001::", False),
    ],
)
def test_it_classifies_addresses(address, public):
    # it should refuse every non-public range, IPv4-mapped and 6to4 forms included
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("1.5", 1.5),
        ("", None),
        ("soon", None),
        ("-3", None),
        ("nan", None),
        ("Sun, 29 Nov 2026 06:02:00 GMT", 120.0),
        ("Sun, 29 Nov 2026 05:00:00 GMT", 0.0),
    ],
)
def test_it_reads_retry_after_in_seconds_or_as_a_date(header, seconds):
    from datetime import UTC, datetime

    now = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
    # it should turn both forms into seconds from now
    assert parse_retry_after(header, now) == seconds


def test_it_keeps_robots_and_retry_after_across_fetchers_given_one_memory():
    routes = {"/robots.txt": robots("User-agent: *\nAllow: /\n"), "/feed": reply(200, RSS)}
    memory = {}

    async def one_pass(server):
        async with Fetcher(policy(respect_robots=True), memory=memory) as fetcher:
            await fetcher.fetch(server.base + "/feed")

    async def scenario():
        async with TinyServer(routes) as server:
            await one_pass(server)
            await one_pass(server)
        return server

    server = asyncio.run(scenario())
    # it should read robots.txt once for two crawl passes that share their memory
    assert server.paths() == ["/robots.txt", "/feed", "/feed"]


def test_it_raises_errors_that_survive_pickling():
    error = FetchError("http", "https://x.test/feed", "HTTP 429", status=429, retry_after=30.0)
    copy = pickle.loads(pickle.dumps(error))
    # it should keep every attribute, so errors can cross a process pool
    assert (copy.kind, copy.status, copy.retry_after, str(copy)) == (
        "http",
        429,
        30.0,
        str(error),
    )


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_it_refuses_a_truncated_compressed_body(encoding):
    body = "خبر عاجل ".encode() * 1000
    packed = gzip.compress(body) if encoding == "gzip" else brotli.compress(body)

    async def scenario():
        route = reply(200, packed[: len(packed) // 2], {"Content-Encoding": encoding})
        async with TinyServer({"/page": route}) as server, Fetcher(policy()) as fetcher:
            return await fetch_error(fetcher, server.base + "/page")

    # it should not pass half an article off as the whole
    assert asyncio.run(scenario()).kind == "connection"


def test_it_keeps_the_connection_open_after_a_304():
    not_modified = reply(304, headers={"ETag": '"v1"'})

    async def scenario():
        async with TinyServer({"/feed": not_modified}) as server, Fetcher(policy()) as fetcher:
            for _ in range(3):
                result = await fetcher.fetch(server.base + "/feed", etag='"v1"')
                assert result.not_modified
        return server

    server = asyncio.run(scenario())
    # it should ask three times over one connection: a 304 has no body to leave unread
    assert len(server.requests) == 3 and server.connections == 1


def test_it_keeps_the_connection_open_after_a_small_error_page():
    async def scenario():
        routes = {"/gone": reply(404, b"not here"), "/feed": reply(200, RSS)}
        async with TinyServer(routes) as server, Fetcher(policy()) as fetcher:
            await fetch_error(fetcher, server.base + "/gone")
            await fetcher.fetch(server.base + "/feed")
        return server

    # it should read the small error body, so the next request reuses the connection
    assert asyncio.run(scenario()).connections == 1


class RecordingFetcher(Fetcher):
    """A subclass that adapts politeness through the public hook only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.permits: list[tuple] = []

    @contextlib.asynccontextmanager
    async def exchange_permit(self, url, host, interval):
        self.permits.append(("enter", host, interval))
        try:
            yield
        except FetchError as error:
            self.permits.append(("failed", error.status, error.retry_after))
            raise
        self.permits.append(("exit", host))


def test_it_holds_the_exchange_permit_around_each_exchange():
    routes = {
        "/robots.txt": robots("User-agent: *\nCrawl-delay: 0.1\n"),
        "/busy": reply(429, headers={"Retry-After": "120"}),
        "/feed": reply(200, RSS),
    }

    async def scenario():
        async with TinyServer(routes) as server:
            fetcher = RecordingFetcher(policy(respect_robots=True))
            async with fetcher:
                await fetcher.fetch(server.base + "/feed")
                error = await fetch_error(fetcher, server.base + "/busy")
        return server, fetcher, error

    server, fetcher, error = asyncio.run(scenario())
    host = host_key(server.base)
    # it should take a permit for robots.txt, then for each page, with the host's spacing
    assert fetcher.permits == [
        ("enter", host, 0.0),
        ("exit", host),
        ("enter", host, 0.1),
        ("exit", host),
        ("enter", host, 0.1),
        ("failed", 429, 120.0),
    ]
    # it should let the permit see the Retry-After before the caller does
    assert (error.status, error.retry_after) == (429, 120.0)


def test_it_keeps_few_idle_connections_by_default():
    # it should keep a handful of idle connections, not hundreds (FetchPolicy's one setting)
    assert FetchPolicy(user_agent="x").max_keepalive_connections == 8
