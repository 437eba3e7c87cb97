"""akhbar import-warc: newsweb pages archived by warcio import into the articles of a live crawl."""

import json
from io import BytesIO, StringIO

import httpx
import pytest
from django.core.management import call_command
from django.utils import timezone
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from akhbar.ingest import pipeline
from akhbar.ingest.fetch import FetchPolicy
from akhbar.ingest.pipeline import classified_category
from akhbar.news.categories import ensure_categories
from akhbar.news.models import Article, Feed, Source
from akhbar.newsweb.testing import default_corpus, start_newsweb
from akhbar.search.service import search

pytestmark = pytest.mark.django_db(transaction=True)

# What the page itself says, which a WARC holds as the live crawl read it…
PAGE_FIELDS = (
    "url",
    "source__slug",
    "title",
    "lede",
    "body",
    "language",
    "image_url",
    "held_reason",
)
# …and what a live crawl may also take from the feed entry (its exact time, section, byline):
# a WARC has no feed, so these may be missing, or the page's day instead of the feed's time.
FEED_FIELDS = ("published_at", "category__slug", "author")
DROPPED_HEADERS = ("content-encoding", "transfer-encoding", "content-length", "connection")


def archive_pages(urls: list[str], path, when: str) -> None:
    """Fetch each page with httpx and write it as a WARC response record, as a crawler would."""
    with path.open("wb") as output, httpx.Client(timeout=10) as client:
        writer = WARCWriter(output, gzip=True)
        for url in urls:
            response = client.get(url)
            headers = [
                (k, v) for k, v in response.headers.items() if k.lower() not in DROPPED_HEADERS
            ]
            http = StatusAndHeaders(f"{response.status_code} OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(response.content),
                http_headers=http,
                warc_headers_dict={"WARC-Date": when},
            )
            writer.write_record(record)


def snapshot() -> dict[str, dict]:
    return {row["url"]: row for row in Article.objects.values(*PAGE_FIELDS, *FEED_FIELDS)}


def page_fields(articles: dict[str, dict]) -> dict[str, tuple]:
    return {url: tuple(row[name] for name in PAGE_FIELDS) for url, row in articles.items()}


def local_day(moment):
    return timezone.localtime(moment).date() if moment else None


def import_warc(path, *options) -> str:
    out = StringIO()
    call_command("import_warc", str(path), "--no-progress", *options, stdout=out)
    return out.getvalue()


# Polite as in production, but quick (no Crawl-delay waits), allowed onto 127.0.0.1.
POLICY = FetchPolicy(
    user_agent="AkhbarTests/1 (+https://example.invalid/contact)",
    allowed_private_hosts=frozenset({"127.0.0.1"}),
    max_crawl_delay=0.0,
)


@pytest.fixture
def web():
    """The simulated news web of the demo corpus (six outlets on 127.0.0.1)."""
    pipeline.forget()  # a new web may reuse the ports of an earlier one
    handle = start_newsweb(default_corpus(), seed=7)
    yield handle
    handle.stop()
    pipeline.forget()


@pytest.fixture
def crawled(web):
    """What a live crawl of the web stores, on the web's simulated clock."""
    ensure_categories()  # transactional tests start from an empty database
    call_command("sources", "load-newsweb", web.base_url, stdout=StringIO(), stderr=StringIO())
    Feed.objects.update(next_check_at=web.clock.now())
    pipeline.crawl_once(policy=POLICY, now=web.clock.now())
    return snapshot()


@pytest.fixture
def warc(web, crawled, tmp_path):
    path = tmp_path / "newsweb.warc.gz"
    archive_pages(sorted(crawled), path, web.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"))
    return path


def test_it_imports_the_same_articles_as_a_live_crawl(crawled, warc):
    Article.objects.all().delete()
    out = import_warc(warc)
    imported = snapshot()
    # it should store every archived page with the text the live crawl stored
    assert page_fields(imported) == page_fields(crawled)
    assert f"{len(crawled)} new" in out
    for url, live in crawled.items():
        warc = imported[url]
        # it should date each article on the same day, from the page alone
        assert local_day(warc["published_at"]) == local_day(live["published_at"])
        # it should never contradict the feed's section or byline, only lack them; without
        # a feed, an Arabic article may get the text classifier's category instead
        article = Article.objects.get(url=url)
        guess = classified_category(article.title, article.body, article.language)
        assert warc["category__slug"] in (live["category__slug"], guess, None)
        assert warc["author"] in (live["author"], "")
    shown = Article.objects.filter(held_reason="").first()
    found = search(f'"{shown.title}"', limit=5)
    # it should index what it stored, as the pipeline does, so that search finds it
    assert shown.pk in [result.article.pk for result in found.results]


def test_it_resumes_where_it_stopped_and_skips_what_is_done(crawled, warc, settings):
    Article.objects.all().delete()
    import_warc(warc)
    # it should start the second run at the end of the file, importing nothing again
    again = import_warc(warc)
    assert "resumed at byte" in again and "import-warc: no page" in again
    progress = next((settings.DATA_DIR / "warc-progress").glob("newsweb.warc.gz.*.json"))
    assert json.loads(progress.read_text())["done"] is True
    # it should read everything again when told to restart, finding it unchanged
    assert f"{len(crawled)} unchanged" in import_warc(warc, "--restart")


def test_it_creates_a_source_for_an_unknown_host(crawled, warc, caplog):
    Article.objects.all().delete()
    Source.objects.all().delete()
    with caplog.at_level("INFO", logger="akhbar.ingest.warc"):
        import_warc(warc)
    # it should file the pages under one new source per outlet host, and say so
    assert Source.objects.count() == len({url.split("/")[2] for url in crawled})
    assert "new source" in caplog.text and Article.objects.count() == len(crawled)


def record_ends(path) -> list[int]:
    """The byte offset at which each record of a WARC file ends."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        return [records.get_record_offset() + records.get_record_length() for _ in records]


def test_it_reads_only_the_records_after_the_saved_offset(crawled, warc, settings):
    from akhbar.ingest.warc import Progress

    Article.objects.all().delete()
    ends = record_ends(warc)
    Progress(warc, settings.DATA_DIR / "warc-progress").save(ends[9])
    out = import_warc(warc)
    # it should import the records after the tenth only
    assert f"resumed at byte {ends[9]}" in out
    assert Article.objects.count() == len(crawled) - 10
