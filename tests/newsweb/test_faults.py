"""Faults on demand, per URL or per outlet, each served over a real socket."""

import time
import zlib

import feedparser
import httpx
import pytest

from akhbar.newsweb.faults import FAULT_KINDS, HUGE_BODY_SIZE, plan_faults

from .conftest import live


@pytest.fixture
def target(web):
    """A live article URL; every fault set during the test is cleared after it."""
    yield live(web)[0]["url"]
    web.clear_faults()


@pytest.fixture
def feed(web):
    outlet = next(o for o in web.outlets if o.feed_kind == "rss")
    yield outlet.base_url + "/feed/"
    web.clear_faults()


@pytest.mark.parametrize(
    "kind, status", [("http_500", 500), ("http_503", 503), ("rate_limited", 429)]
)
def test_it_answers_server_errors_and_429(web, client, target, kind, status):
    web.set_fault(kind, url=target)
    response = client.get(target)
    # it should answer with the error status (and Retry-After on 503 and 429)
    assert response.status_code == status
    assert (status == 500) != ("retry-after" in response.headers)


def test_it_never_answers_on_timeout(web, target):
    web.set_fault("timeout", url=target)
    # it should keep the client waiting until its read timeout
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(target, timeout=0.3)


def test_it_drips_bytes_slowly(web, target):
    web.set_fault("slow_drip", url=target)
    started = time.monotonic()
    with httpx.stream("GET", target, timeout=2) as response:
        first = next(response.iter_raw(1))
    # it should send headers at once, then the body a byte at a time
    assert response.status_code == 200 and len(first) == 1
    assert time.monotonic() - started >= 0.4


def test_it_resets_the_connection(web, target):
    web.set_fault("reset", url=target)
    # it should drop the connection with a reset
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        httpx.get(target, timeout=2)


def test_it_truncates_the_body(web, target):
    web.set_fault("truncated", url=target)
    # it should close before Content-Length bytes were sent
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(target, timeout=2)


def test_it_serves_a_small_gzip_bomb(web, target):
    web.set_fault("gzip_bomb", url=target)
    with httpx.stream("GET", target, timeout=5) as response:
        compressed = b"".join(response.iter_raw())
    inflated = zlib.decompressobj(31).decompress(compressed, 10_000_000)
    # it should be small on the wire, declared gzip, and inflate far beyond any sane cap
    assert response.headers["content-encoding"] == "gzip"
    assert len(compressed) < 2_000_000
    assert len(inflated) == 10_000_000


def test_it_streams_a_50_mb_body(web, target):
    web.set_fault("huge_body", url=target)
    with httpx.stream("GET", target, timeout=5) as response:
        head = next(response.iter_raw(4096))
    # it should announce 50 MB and start sending at once
    assert int(response.headers["content-length"]) == HUGE_BODY_SIZE
    assert head


def test_it_loops_redirects(web, target):
    web.set_fault("redirect_loop", url=target)
    # it should redirect forever
    with pytest.raises(httpx.TooManyRedirects):
        httpx.get(target, follow_redirects=True, timeout=2)


def test_it_redirects_to_private_addresses_only_in_location(web, client, target):
    web.set_fault("redirect_private", url=target)
    response = client.get(target)
    # it should point Location at a link-local or private address (which nobody follows here)
    assert response.status_code == 302
    assert response.headers["location"].startswith(("http://169.254.169.254/", "http://10.0.0.1/"))


def test_it_answers_empty_200(web, client, target):
    web.set_fault("empty_200", url=target)
    response = client.get(target)
    # it should answer 200 with nothing in it
    assert response.status_code == 200 and response.content == b""


def test_it_serves_malformed_xml(web, client, feed):
    web.set_fault("malformed_xml", url=feed)
    # it should make feedparser flag the feed as broken
    assert feedparser.parse(client.get(feed).content).bozo


def test_it_serves_html_as_a_feed_and_a_feed_as_html(web, client, feed):
    web.set_fault("html_as_feed", url=feed)
    as_feed = client.get(feed)
    # it should label HTML as RSS
    assert (
        as_feed.headers["content-type"].startswith("application/rss+xml")
        and b"<!DOCTYPE html>" in as_feed.content
    )
    web.set_fault("feed_as_html", url=feed)
    as_html = client.get(feed)
    # it should label RSS as text/html
    assert as_html.headers["content-type"].startswith("text/html") and b"<rss" in as_html.content


def test_it_breaks_a_whole_outlet_and_mends_it(web, client, target):
    slug = web.truth[target]["outlet"]
    web.set_fault("http_503", outlet=slug)
    # it should fail every URL of the outlet, and say so in the truth
    assert client.get(target).status_code == 503
    assert web.truth[target]["servable"] is False and web.truth[target]["fault"] == "http_503"
    web.set_fault(None, outlet=slug)
    # it should serve again once the fault is cleared
    assert client.get(target).status_code == 200


def test_it_sets_faults_over_the_control_port(web, client, target):
    response = client.post(
        web.base_url + "/_newsweb/faults", json={"kind": "http_500", "url": target}
    )
    # it should list the fault and apply it
    assert response.json()["urls"][target] == "http_500"
    assert client.get(target).status_code == 500


def test_it_plans_faults_reproducibly_from_a_seed():
    pages = [(0, f"/article/{n}.html") for n in range(2000)]
    first, again = plan_faults(pages, [], 0.1, seed=3), plan_faults(pages, [], 0.1, seed=3)
    # it should pick the same URLs and kinds for the same seed, about 10% of them
    assert first.by_url == again.by_url
    assert 150 < len(first.by_url) < 250
    assert set(first.by_url.values()) <= set(FAULT_KINDS)
