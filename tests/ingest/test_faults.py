"""Every fault newsweb can inject: logged with its stage and URL, counted on the feed, backed
off, and the crawl goes on. Then, once the faults clear, nothing is lost."""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from akhbar.news.models import Article, Feed, Source
from akhbar.newsweb.faults import FEED_FAULTS, PAGE_FAULTS
from akhbar.text.urls import canonicalize_url
from tests.ingest.test_pipeline_fixtures import (
    crawl,
    register,
    servable,
    serve,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def web():
    """The simulated news web of the demo corpus, seed 7 (52 servable articles)."""
    yield from serve()


# The error kind each fault must be recorded as. A gzip bomb is cut off either by the size
# cap or, when the server sends it slowly, by the timeout: both before it is inflated whole.
EXPECTED_KIND = {
    "http_500": {"http"},
    "http_503": {"http"},
    "timeout": {"timeout"},
    "slow_drip": {"timeout"},
    "reset": {"connection"},
    "truncated": {"connection"},
    "gzip_bomb": {"too_large", "timeout"},
    "huge_body": {"too_large"},
    "redirect_loop": {"http"},
    "redirect_private": {"unsafe"},
    "empty_200": {"parse"},
    "rate_limited": {"http"},
    "malformed_xml": {"parse"},
}
# Faults a lenient reader gets through: an HTML page where the feed was (its article links
# are read as a listing), a feed served as text/html (the content decides, not the label), and
# XML cut in half when the parser recovers the entries before the cut.
TOLERATED = {"html_as_feed", "feed_as_html"}
RECOVERABLE = {"malformed_xml"}


HOST_BLOCKING = ("http_503", "rate_limited")  # Retry-After: the fetcher then spares the host


def faulty_feeds(site) -> dict[str, str]:
    """Each feed fault on its own feed: feed URL -> fault kind. The faults that ask the
    crawler to come back later (for the whole host) get a host of their own."""
    by_host: dict[str, list[str]] = {}
    for url in Feed.objects.order_by("url").values_list("url", flat=True):
        by_host.setdefault(urlsplit(url).netloc, []).append(url)
    hosts = sorted(by_host.values(), key=len)
    plan = dict(zip(hosts[0], HOST_BLOCKING, strict=False))
    others = [url for urls in hosts[1:] for url in urls]
    plan |= dict(zip(others, [k for k in FEED_FAULTS if k not in HOST_BLOCKING], strict=False))
    for url, kind in plan.items():
        site.set_fault(kind, url=url)
    return plan


def test_it_records_every_feed_fault_on_its_feed_and_goes_on(web, caplog):
    register(web)
    plan = faulty_feeds(web)
    now = web.clock.now()
    summary = crawl(web)  # it should not raise
    for feed in Feed.objects.filter(url__in=plan):
        kind = plan[feed.url]
        if kind in TOLERATED or (kind in RECOVERABLE and feed.last_success_at):
            # it should read the feed anyway
            assert feed.consecutive_errors == 0, (kind, feed.last_error)
            continue
        # it should count the error, name its kind and stage, and back off
        assert feed.consecutive_errors == 1, kind
        assert feed.last_error_kind in EXPECTED_KIND[kind], (kind, feed.last_error)
        assert feed.last_error.startswith(("fetch:", "parse:")) and feed.next_check_at > now
        assert feed.claimed_until is None
        # it should log it with the stage and the feed's URL
        assert any(getattr(r, "feed_url", None) == feed.url for r in caplog.records), kind
    # it should still ingest the articles of the healthy feeds
    assert len(EXPECTED_KIND) - 1 <= summary.feeds_failed <= len(EXPECTED_KIND)
    assert summary.articles["new"] > 0


def test_it_records_every_page_fault_and_retries_the_article_later(web, caplog):
    register(web)
    pages = dict(zip(sorted(servable(web))[::3], PAGE_FAULTS, strict=False))
    for url, kind in pages.items():
        web.set_fault(kind, url=url)
    caplog.set_level(logging.INFO, logger="akhbar.ingest")
    summary = crawl(web)
    stored = set(Article.objects.filter(held_reason="").values_list("url", flat=True))
    # it should store none of the faulty pages as a readable article
    assert stored.isdisjoint(pages) and summary.articles["failed"] >= len(pages) - 1
    logged = {r.url for r in caplog.records if getattr(r, "stage", None) == "fetch"}
    gold = {canonicalize_url(u): g for u, g in web.truth.items()}
    for url, kind in pages.items():
        # it should log each failed page with its stage and URL (as the feed listed it);
        # an empty page is not a fetch error: it is stored, held back, for the operator
        listed = {url, canonicalize_url(gold[url]["feed_url"])}
        assert listed & logged or kind == "empty_200", kind
    # it should count the failures on the feeds that listed them, and keep their old validators
    assert Feed.objects.filter(consecutive_errors__gt=0).exists()
    web.clear_faults()
    web.clock.advance(24 * 3600)
    crawl(web)
    # it should fetch them once the faults clear: nothing is lost
    assert set(Article.objects.filter(held_reason="").values_list("url", flat=True)) >= set(
        servable(web)
    )


def test_it_backs_off_further_with_each_failure(web):
    register(web)
    feed = Feed.objects.order_by("url").first()
    Feed.objects.exclude(pk=feed.pk).update(active=False)
    Source.objects.exclude(pk=feed.source_id).update(active=False)
    web.set_fault("http_500", url=feed.url)
    gaps = []
    for _ in range(3):
        now = web.clock.now()
        Feed.objects.filter(pk=feed.pk).update(next_check_at=now)
        crawl(web, limit=1)
        feed.refresh_from_db()
        gaps.append(feed.next_check_at - now)
        web.clock.advance(60)
    # it should wait longer after each consecutive error (5, 10, 20 minutes, ±20 %)
    assert feed.consecutive_errors == 3 and gaps[0] < gaps[1] < gaps[2]
    assert gaps[0] >= timedelta(minutes=4)
