"""The pipeline against a real simulated news web: every servable article, once, kept current.

Each test starts its own newsweb (six outlets of the demo corpus, each on its own port) and
crawls it with the simulated clock as `now`. A first crawl costs a few seconds, so the
assertions about one crawl share a test.
"""

from datetime import timedelta

import pytest

from akhbar.ingest import pipeline
from akhbar.news.models import Article, ArticleRevision, Feed, FeedKind, Source
from akhbar.search.models import SearchDocument
from tests.ingest.test_pipeline_fixtures import (
    crawl,
    page_requests,
    register,
    servable,
    serve,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def web():
    """The simulated news web of the demo corpus, seed 7 (52 servable articles)."""
    yield from serve()


def test_it_ingests_every_servable_article_of_every_outlet(web):
    register(web)
    summary = crawl(web)
    gold = servable(web)
    stored = {a.url: a for a in Article.objects.select_related("source")}
    # it should hold exactly the servable articles, no more, no fewer, with no error
    assert set(stored) == set(gold)
    assert summary.articles["new"] == len(gold) and summary.errors == {}
    # it should put each one in a story and in the search index, in the same transaction
    assert Article.objects.filter(story__isnull=True).count() == 0
    assert SearchDocument.objects.count() == len(gold)
    # it should read each title as the outlet published it
    assert {url: a.title for url, a in stored.items()} == {u: g["title"] for u, g in gold.items()}
    for url, article in stored.items():
        # it should file the article under its outlet, with its text, date and fingerprints
        assert article.source.slug == gold[url]["outlet"]
        longest = max(gold[url]["paragraphs"], key=len)
        assert longest[len(longest) // 2 :][:40] in article.lede + article.body
        assert article.published_at and article.content_hash and article.body_hash


def test_it_fetches_each_article_once_and_then_only_asks_if_feeds_changed(web):
    register(web)
    crawl(web)
    requests = page_requests(web)
    # it should request each article page once, though section feeds repeat the main feed
    assert {url: requests[url] for url in servable(web)} == {url: 1 for url in servable(web)}
    Feed.objects.update(next_check_at=web.clock.now())
    before = web.handler.stats.total
    summary = crawl(web)
    # it should get 304 Not Modified for the feeds (the HTML listing has no validators)
    assert summary.not_modified >= summary.feeds - 1 and summary.articles["new"] == 0
    # it should fetch no article page again: only feeds, and robots.txt once per outlet
    assert web.handler.stats.total - before <= summary.feeds + len(web.outlets)


def test_it_discovers_a_feedless_outlet_and_records_feed_health(web):
    register(web)
    feedless = Source.objects.get(feeds__isnull=True)
    now = web.clock.now()
    crawl(web)
    # it should fall back to the homepage as an HTML listing, and ingest that outlet from it
    assert list(feedless.feeds.values_list("kind", flat=True)) == [FeedKind.HTML]
    gold = [u for u, g in servable(web).items() if g["outlet"] == feedless.slug]
    assert gold and Article.objects.filter(source=feedless).count() == len(gold)
    feed = Feed.objects.exclude(kind=FeedKind.HTML).order_by("pk").first()
    # it should record the success, keep the validators, release and reschedule the feed
    assert feed.last_success_at == now and feed.consecutive_errors == 0
    assert (feed.etag or feed.last_modified) and feed.claimed_until is None
    assert now + timedelta(minutes=5) <= feed.next_check_at <= now + timedelta(hours=24)
    # it should know the mean delay from publication to ingestion
    assert Feed.objects.filter(mean_delay_seconds__gt=0).exists()


@pytest.fixture
def living_web():
    """Seed 8: outlets edit seven articles and delete three after the clock starts."""
    yield from serve(seed=8)


WIDE = pipeline.Recheck(window=timedelta(days=30))


def test_it_keeps_edits_and_deletions_at_the_source(living_web):
    web = living_web
    register(web)
    crawl(web)
    stored = set(Article.objects.values_list("url", flat=True))
    web.clock.advance(6 * 3600)
    Feed.objects.update(next_check_at=web.clock.now())
    summary = crawl(web, recheck=WIDE)
    gold = servable(web)
    # (an article first read after its edit has no earlier version to keep)
    edited = {u for u, g in gold.items() if len(g["versions"]) > 1 and u in stored}
    revised = set(ArticleRevision.objects.values_list("article__url", flat=True))
    # it should keep the previous version of each edited article, and take the edit
    assert edited and revised == edited and summary.articles["updated"] == len(edited)
    for article in Article.objects.filter(url__in=edited):
        assert article.title == gold[article.url]["title"] and article.edited_at_source
    deleted = {u for u, g in web.truth.items() if g["status"] == "deleted"}
    removed = Article.objects.filter(removed_at_source__isnull=False)
    # it should keep each deleted article, marked removed at the source
    assert deleted and set(removed.values_list("url", flat=True)) == deleted
    # it should hold every article published meanwhile too
    assert set(Article.objects.values_list("url", flat=True)) >= set(gold)


def test_it_does_not_reread_a_known_article_listed_again_within_hours(living_web):
    web = living_web
    register(web)
    crawl(web)
    stored = set(Article.objects.values_list("url", flat=True))
    web.clock.advance(600)
    before = page_requests(web)
    Feed.objects.update(next_check_at=web.clock.now())
    crawl(web, recheck=None)
    after = page_requests(web)
    # it should not fetch any stored article page again ten minutes later
    assert {u: after[u] - before[u] for u in stored} == {u: 0 for u in stored}


def test_it_counts_fetches_ingestions_and_folds_for_prometheus(web, client):
    def scraped() -> str:
        return client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    def value(text: str, sample: str) -> float:
        lines = [line for line in text.splitlines() if line.startswith(sample + " ")]
        return float(lines[0].split()[-1]) if lines else 0.0

    before = scraped()
    register(web)
    crawl(web)
    after = scraped()
    new = 'akhbar_articles_ingested_total{outcome="new"}'
    feeds = 'akhbar_fetches_total{kind="feed",outcome="fetched"}'
    # it should count every new article and every feed fetched by the crawl
    assert value(after, new) - value(before, new) == len(servable(web))
    assert value(after, feeds) > value(before, feeds)
    # it should time the stages of the pipeline
    assert 'akhbar_stage_seconds_count{stage="extract"}' in after
    assert 'akhbar_stage_seconds_count{stage="dedupe"}' in after
