"""The database side of the pipeline: claims, idempotent stores, revisions, feed health."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connections

from akhbar.ingest import store
from akhbar.ingest.draft import ArticleDraft, body_hash, content_hash
from akhbar.news.models import Article, ArticleRevision, Feed, Source

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)


@pytest.fixture
def outlet(db) -> Source:
    """An Arabic daily with one feed."""
    return Source.objects.create(
        slug="sada", name_ar="صدى", homepage="https://sada.test/", kind="daily", ownership="private"
    )


@pytest.fixture
def feed(outlet) -> Feed:
    return Feed.objects.create(source=outlet, url="https://sada.test/feed/", next_check_at=NOW)


def draft_for(outlet, *, url="https://sada.test/a/1", title="عنوان الخبر", body="فقرة " * 60):
    return ArticleDraft(
        source_id=outlet.pk,
        url=url,
        original_url=url + "?utm_source=rss",
        title=title,
        lede="مقدمة الخبر.",
        body=body,
        author="(واج)",
        published_at=NOW - timedelta(hours=1),
        fetched_at=NOW,
        language="ar",
        category="national",
        image_url="https://sada.test/media/1.png",
    )


def test_it_fingerprints_what_readers_see_not_how_it_is_spaced():
    # it should give the same content hash whatever the spacing
    assert content_hash("عنوان", "مقدمة", "فقرة  أولى\n\nفقرة") == content_hash(
        " عنوان ", "مقدمة", "فقرة أولى فقرة"
    )
    # it should give the same body fingerprint with and without tashkeel
    assert body_hash("ذَهَبَ الوزيرُ إلى الجزائر") == body_hash("ذهب الوزير الى الجزائر")
    assert body_hash("") == ""


def test_it_claims_a_due_feed_once(feed):
    # it should claim a due feed, then refuse it while the lease runs
    assert store.claim_due_feeds(NOW, 10, LEASE) == [feed.pk]
    assert store.claim_due_feeds(NOW + timedelta(minutes=1), 10, LEASE) == []
    # it should give it up to the next runner once the lease has passed
    assert store.claim_due_feeds(NOW + LEASE + timedelta(seconds=1), 10, LEASE) == [feed.pk]


def test_it_leaves_feeds_that_are_not_due_or_inactive(outlet, feed):
    Feed.objects.create(source=outlet, url="https://sada.test/later", next_check_at=NOW + LEASE)
    Feed.objects.create(source=outlet, url="https://sada.test/off", next_check_at=NOW, active=False)
    # it should take only the due, active feed
    assert store.claim_due_feeds(NOW, 10, LEASE) == [feed.pk]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_claimers_never_take_the_same_feed():
    outlet = Source.objects.create(
        slug="naba", name_ar="نبأ", homepage="https://naba.test/", kind="daily", ownership="private"
    )
    Feed.objects.bulk_create(
        Feed(source=outlet, url=f"https://naba.test/feed/{n}", next_check_at=NOW)
        for n in range(300)
    )
    start, taken = threading.Barrier(4), []

    def runner() -> None:
        start.wait()
        try:
            taken.append(store.claim_due_feeds(NOW, 300, LEASE))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claims = [pk for batch in taken for pk in batch]
    # it should hand every feed to exactly one runner
    assert len(taken) == 4 and sorted(claims) == sorted(set(claims)) and len(claims) == 300


def test_it_stores_an_article_once_however_often_it_is_offered(outlet):
    article, created = store.store_article(draft_for(outlet))
    again, created_again = store.store_article(draft_for(outlet, title="عنوان آخر"))
    # it should insert the first time, and return the stored row afterwards
    assert created and not created_again and again.pk == article.pk
    assert Article.objects.get().title == "عنوان الخبر"
    # it should file it under its category, with its image shown
    assert article.category.slug == "national" and article.image_state == "shown"


def test_an_ingested_article_reads_its_category_inside_its_transaction(outlet, monkeypatch):
    # outside the storing transaction the lookup would be a SQLite read transaction of its
    # own: it should be read inside it, and the article filed under its category
    from django.db import connection

    depths = []  # atomic blocks open at the lookup (the test's own one included)
    category_id = store._category_id

    def watched(slug):
        depths.append(len(connection.atomic_blocks))
        return category_id(slug)

    monkeypatch.setattr(store, "_category_id", watched)
    outside = len(connection.atomic_blocks)
    article, created = store.ingest_article(draft_for(outlet))
    assert created and depths == [outside + 1]
    assert Article.objects.get(pk=article.pk).category.slug == "national"


def test_it_keeps_the_replaced_version_when_the_source_edits(outlet):
    article, _ = store.store_article(draft_for(outlet))
    edit = draft_for(outlet, title="عنوان الخبر (محدث)")
    edit.fetched_at = NOW + timedelta(hours=3)
    # it should record one revision, however often the same edit is seen
    assert store.record_revision(article.pk, edit, edited_at=NOW + timedelta(hours=2))
    assert not store.record_revision(article.pk, edit, edited_at=NOW + timedelta(hours=2))
    revision = ArticleRevision.objects.get()
    article.refresh_from_db()
    # it should keep the old title in the revision, the new one on the article
    assert revision.title == "عنوان الخبر" and article.title == "عنوان الخبر (محدث)"
    assert revision.seen_from == NOW and revision.replaced_at == edit.fetched_at
    assert article.edited_at_source == NOW + timedelta(hours=2)


def test_a_recheck_that_fails_the_quality_gate_keeps_the_shown_version(outlet):
    article, _ = store.store_article(draft_for(outlet))
    broken = draft_for(outlet, body="")  # the outlet's new template: extraction found nothing
    broken.held_reason = "body too short (0 characters)"
    broken.fetched_at = NOW + timedelta(hours=3)
    # it should neither replace nor hide what readers were shown
    assert not store.record_revision(article.pk, broken, edited_at=NOW + timedelta(hours=3))
    article.refresh_from_db()
    assert article.body == ("فقرة " * 60).strip() and not article.held_reason
    assert not ArticleRevision.objects.exists() and article.fetched_at == broken.fetched_at


def test_it_marks_an_article_removed_once(outlet):
    article, _ = store.store_article(draft_for(outlet))
    # it should set removed_at_source the first time only
    assert store.mark_removed(article.pk, NOW)
    assert not store.mark_removed(article.pk, NOW + LEASE)
    article.refresh_from_db()
    assert article.removed_at_source == NOW


def test_it_counts_errors_and_resets_them_on_success(feed):
    later = NOW + timedelta(hours=1)
    for _ in range(2):
        store.record_feed_failure(
            feed.pk,
            now=NOW,
            kind="timeout",
            message="fetch: timed out",
            next_check_at=later,
            broken=False,
        )
    feed.refresh_from_db()
    # it should count the errors, keep the last one, and back off
    assert (feed.consecutive_errors, feed.error_count, feed.last_error_kind) == (2, 2, "timeout")
    assert feed.next_check_at == later and feed.broken_since is None
    store.record_feed_success(
        feed.pk,
        now=later,
        next_check_at=later + LEASE,
        etag='"v2"',
        last_modified=None,
        delays=[60.0],
    )
    feed.refresh_from_db()
    # it should reset the run of errors, keep the total, store the validators and the delay
    assert (feed.consecutive_errors, feed.error_count, feed.etag) == (0, 2, '"v2"')
    assert feed.last_success_at == later and feed.mean_delay_seconds == 60.0


def test_it_marks_a_feed_broken_and_keeps_the_date(feed):
    for hours in (1, 2):
        store.record_feed_failure(
            feed.pk,
            now=NOW + timedelta(hours=hours),
            kind="dns",
            message="fetch: no such host",
            next_check_at=NOW + timedelta(days=1),
            broken=True,
        )
    feed.refresh_from_db()
    # it should remember since when the feed is broken
    assert feed.is_broken and feed.broken_since == NOW + timedelta(hours=1)


def test_it_claims_chunk_by_chunk_up_to_the_limit_oldest_due_first(outlet, monkeypatch):
    monkeypatch.setattr(store, "CLAIM_CHUNK", 2)
    feeds = [
        Feed.objects.create(
            source=outlet, url=f"https://sada.test/f/{n}", next_check_at=NOW - timedelta(minutes=n)
        )
        for n in range(5)
    ]
    Feed.objects.filter(pk=feeds[4].pk).update(claimed_until=NOW + LEASE)  # another runner's
    # it should take the three oldest due feeds nobody holds, in due order, across chunks
    assert store.claim_due_feeds(NOW, 3, LEASE) == [feeds[3].pk, feeds[2].pk, feeds[1].pk]
    assert Feed.objects.filter(claimed_until=NOW + LEASE).count() == 4


def test_it_records_a_batch_of_polls_as_one_poll_each(outlet):
    kept = Feed.objects.create(
        source=outlet, url="https://sada.test/a", etag='"old"', consecutive_errors=3,
        claimed_until=NOW + LEASE, mean_delay_seconds=100.0,
    )  # fmt: skip
    read = Feed.objects.create(
        source=outlet, url="https://sada.test/b", etag='"b1"', claimed_until=NOW + LEASE,
        mean_delay_seconds=100.0,
    )  # fmt: skip
    later = NOW + timedelta(hours=1)
    store.record_feed_successes(
        [
            store.FeedSuccess(kept.pk, later, etag=None, last_modified="Sat, 28 Nov 2026"),
            store.FeedSuccess(read.pk, later, etag='"b2"', last_modified="", delays=(200.0,)),
        ],
        NOW,
    )
    kept.refresh_from_db()
    read.refresh_from_db()
    for feed in (kept, read):
        # it should reset each feed's errors, reschedule and release it
        assert (feed.consecutive_errors, feed.next_check_at, feed.claimed_until) == (0, later, None)
        assert feed.last_checked_at == feed.last_success_at == NOW
    # it should keep a stored validator the server did not resend, and store new ones
    assert (kept.etag, kept.last_modified) == ('"old"', "Sat, 28 Nov 2026")
    assert (read.etag, read.last_modified) == ('"b2"', "")
    # it should move the running mean delay only where new articles came
    assert (kept.mean_delay_seconds, read.mean_delay_seconds) == (100.0, 120.0)


def test_it_reads_the_recent_publication_times_of_many_sources_at_once(outlet):
    other = Source.objects.create(
        slug="naba", name_ar="نبأ", homepage="https://naba.test/", kind="daily", ownership="private"
    )
    for n in range(3):
        Article.objects.create(
            source=outlet, url=f"https://sada.test/a/{n}", title="-", fetched_at=NOW,
            published_at=NOW - timedelta(hours=n),
        )  # fmt: skip
    Article.objects.create(source=other, url="https://naba.test/x", title="-", fetched_at=NOW)
    times = store.recent_publication_times_by_source([outlet.pk, other.pk], count=2)
    # it should give each source's newest dates first, at most `count`, and skip undated ones
    assert times == {outlet.pk: [NOW, NOW - timedelta(hours=1)]}
