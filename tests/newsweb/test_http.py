"""HTTP behaviour: robots.txt, validators and 304, compression, redirects, 429."""

import gzip

import brotli
import httpx
import pytest

from .conftest import live


def outlet_where(web, **where):
    return next(o for o in web.outlets if all(getattr(o, k) == v for k, v in where.items()))


def test_it_disallows_a_section_in_one_robots_txt(web, client):
    outlet = outlet_where(web, robots="disallow_section")
    text = client.get(outlet.base_url + "/robots.txt").text
    # it should disallow the first section's listing and article paths
    assert f"Disallow: /section/{outlet.sections[0]}/" in text


def test_it_sets_a_crawl_delay_in_another_robots_txt(web, client):
    outlet = outlet_where(web, robots="crawl_delay")
    # it should ask for two seconds between requests
    assert "Crawl-delay: 2" in client.get(outlet.base_url + "/robots.txt").text


def test_it_answers_304_to_a_matching_etag(web, client):
    entry = live(web)[0]
    first = client.get(entry["url"])
    again = client.get(entry["url"], headers={"If-None-Match": first.headers["etag"]})
    # it should answer 304 with no body
    assert again.status_code == 304 and again.content == b""


def test_it_answers_304_to_if_modified_since(web, client):
    entry = live(web)[0]
    first = client.get(entry["url"])
    again = client.get(entry["url"], headers={"If-Modified-Since": first.headers["last-modified"]})
    stale = client.get(entry["url"], headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    # it should answer 304 when nothing changed since, 200 otherwise
    assert again.status_code == 304
    assert stale.status_code == 200


@pytest.mark.parametrize("encoding, decode", [("gzip", gzip.decompress), ("br", brotli.decompress)])
def test_it_compresses_with_gzip_and_brotli(web, encoding, decode):
    entry = live(web)[0]
    with httpx.Client() as raw:
        plain = raw.get(entry["url"], headers={"Accept-Encoding": "identity"}).content
        with raw.stream("GET", entry["url"], headers={"Accept-Encoding": encoding}) as response:
            body = b"".join(response.iter_raw())
    # it should compress as asked and decompress to the same page
    assert response.headers["content-encoding"] == encoding
    assert decode(body) == plain


@pytest.mark.parametrize("code", [301, 302, 307, 308])
def test_it_redirects_to_canonical_urls_with_each_code(web, client, code):
    outlet = outlet_where(web, redirect_code=code)
    entry = next(
        e for e in web.truth.values() if e["outlet"] == outlet.slug and e["status"] == "live"
    )
    response = client.get(entry["aliases"][0])
    # it should redirect the short link to the canonical URL with this code
    assert response.status_code == code
    assert response.headers["location"] == entry["url"]


def test_it_serves_tracking_urls_with_a_canonical_link(web, client):
    entry = next(e for e in live(web, feed_links="tracking"))
    response = client.get(entry["feed_url"])
    # it should serve the page at the tracking URL and point rel=canonical at the clean URL
    assert "utm_source=rss" in entry["feed_url"]
    assert response.status_code == 200
    assert f'<link rel="canonical" href="{entry["url"]}">' in response.content.decode(
        web.outlet(entry["outlet"]).encoding
    )


def test_it_rate_limits_clients_with_429_and_retry_after(web):
    outlet = next(o for o in web.outlets if o.rate_limit)
    with httpx.Client(headers={"User-Agent": "hammer/1.0"}) as hammer:
        codes = [hammer.get(outlet.base_url + "/robots.txt") for _ in range(outlet.rate_limit + 1)]
    with httpx.Client(headers={"User-Agent": "polite/1.0"}) as polite:
        other = polite.get(outlet.base_url + "/robots.txt")
    # it should answer 429 with Retry-After once the client passes the limit
    assert codes[-1].status_code == 429 and int(codes[-1].headers["retry-after"]) >= 1
    # it should count other clients apart
    assert other.status_code == 200


def test_it_counts_requests_per_outlet_and_path(web, client):
    outlet = web.outlets[1]
    client.post(web.base_url + "/_newsweb/stats/reset")
    client.get(outlet.base_url + "/robots.txt")
    client.get(outlet.base_url + "/robots.txt")
    stats = client.get(web.base_url + "/_newsweb/stats.json").json()
    # it should count both requests under the outlet and the path
    assert stats["outlets"][outlet.slug]["paths"]["/robots.txt"] == 2
    assert len(stats["outlets"][outlet.slug]["times"]) == 2


def test_it_sends_cache_control_on_some_feeds_and_ttl_in_rss(web, client):
    answers = {}
    for outlet in web.outlets:
        specs = web.handler.router.specs[outlet.index]
        if specs and specs[0].kind == "rss":
            answers[outlet.index % 2] = client.get(outlet.base_url + specs[0].path)
        elif specs:
            answers.setdefault(outlet.index % 2, client.get(outlet.base_url + specs[0].path))
    # it should ask for 10 minutes of caching on even outlets only
    assert answers[0].headers["cache-control"] == "max-age=600"
    assert "cache-control" not in answers[1].headers
    # it should give RSS readers a <ttl>
    assert b"<ttl>" in answers[1].content


def test_it_answers_head_without_a_body(web, client):
    entry = live(web)[0]
    response = client.head(entry["url"])
    # it should send the headers of the page and no body
    assert response.status_code == 200 and int(response.headers["content-length"]) > 0
    assert response.content == b""
