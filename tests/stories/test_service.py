"""fold_and_cluster: wire copies folded, stories grouped, state kept in the database."""

import importlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from akhbar.news.models import Article, BandKey, Story, StoryKey, StoryTerm
from akhbar.news.sql import fetch
from akhbar.stories import fingerprints, service
from akhbar.stories.fingerprints import BANDS
from akhbar.stories.timebuckets import BUCKET_DAYS, buckets_between, time_bucket
from tests.stories.texts import (
    DISPATCH,
    DISPATCH_BODY_FR,
    DISPATCH_TITLE,
    DISPATCH_TITLE_FR,
    OTHER,
    body,
)

pytestmark = pytest.mark.django_db


def publish(source, text, *, title=DISPATCH_TITLE, hours=0, lang="ar", author="", base=None):
    """An article stored as the pipeline stores it, `hours` after the agency's dispatch."""
    when = base + timedelta(hours=hours)
    return Article.objects.create(
        source=source,
        url=f"https://{source.slug}.test/{Article.objects.count() + 1}",
        title=title,
        body=text,
        author=author,
        published_at=when,
        fetched_at=when,
        language=lang,
    )


@pytest.fixture
def at(dispatch):
    return dispatch.published_at


@pytest.fixture
def original(agency, at):
    article = publish(agency, body(DISPATCH), author="(واج)", base=at)
    service.fold_and_cluster(article)
    return article


def test_it_keeps_the_signature_in_the_story_key_row_only(original):
    signature = service.fold_inputs(original).signature
    # it should store the article's signature where the duplicate lookup reads it
    key = StoryKey.objects.get(article=original)
    assert bytes(key.minhash) == fingerprints.signature_bytes(signature)
    # and not in the article row, whose UPDATE would rewrite a longer record
    original.refresh_from_db()
    assert original.minhash is None


def test_it_finds_a_copy_of_an_article_whose_story_key_has_no_signature(original, daily, at):
    # as a worker on the code before migration news/0011 left it: the signature in the
    # article row only
    signature = StoryKey.objects.get(article=original).minhash
    StoryKey.objects.filter(article=original).update(minhash=None)
    Article.objects.filter(pk=original.pk).update(minhash=signature)
    copy = publish(daily, body(DISPATCH[:3]), title="عنوان جديد كليا", hours=1, base=at)
    # it should still fold the copy into the original
    assert service.fold_and_cluster(copy).duplicate_of_id == original.pk


def test_it_folds_a_wire_copy_with_a_new_title_and_byline(original, daily, at):
    copy = publish(
        daily, "صدى اليوم - " + body(DISPATCH[:3]), title="عنوان جديد كليا", hours=1, base=at
    )
    result = service.fold_and_cluster(copy)
    # it should point the copy at the original and put both in one story
    assert result.duplicate_of_id == original.pk
    copy.refresh_from_db()
    assert copy.duplicate_of_id == original.pk and copy.story_id == original.story_id


def test_it_does_not_fold_a_partial_overlap(original, daily, at):
    mixed = publish(
        daily, body([DISPATCH[0], *OTHER[:3]]), title="الصالون الدولي للكتاب", hours=1, base=at
    )
    result = service.fold_and_cluster(mixed)
    # it should keep an article that shares one paragraph as an article of its own
    assert result.duplicate_of_id is None


def test_it_makes_the_first_publisher_canonical_whatever_the_arrival_order(agency, daily, at):
    copy = publish(daily, body(DISPATCH[:3]), hours=2, base=at)
    service.fold_and_cluster(copy)
    dispatch = publish(agency, body(DISPATCH), author="(واج)", base=at)
    result = service.fold_and_cluster(dispatch)
    copy.refresh_from_db()
    story = Story.objects.get(pk=result.story_id)
    # it should re-point the earlier copy at the dispatch that was published first
    assert result.became_canonical and copy.duplicate_of_id == dispatch.pk
    # it should name the dispatch as first publisher and note the agency credit
    assert story.first_article_id == dispatch.pk and story.agency_credits == ["APS"]


def test_it_is_idempotent(original):
    again = service.fold_and_cluster(original)
    story = Story.objects.get(pk=original.story_id)
    # it should say it had already folded the article, and count it once
    assert again.already_done and again.story_id == original.story_id
    assert story.article_count == 1
    assert BandKey.objects.filter(article=original).count() == BANDS


def test_a_story_an_article_starts_is_written_with_it_counted(agency, at):
    dispatch = publish(agency, body(DISPATCH), author="(واج)", base=at)
    result = service.fold_and_cluster(dispatch)
    story = Story.objects.get(pk=result.story_id)
    counted = ("article_count", "source_count", "first_published_at", "last_published_at")
    written = [getattr(story, name) for name in (*counted, "first_article_id", "agency_credits")]
    # it should write the new story's row once, already holding the article: counters,
    # dates, first publisher, title and agency credits, as a recount from the articles finds
    assert result.new_story and story.title == DISPATCH_TITLE
    assert written == [1, 1, at, at, dispatch.pk, ["APS"]]
    rebuilt = service.rebuild_counters(Story.objects.get(pk=result.story_id))
    assert written == [
        getattr(rebuilt, name) for name in (*counted, "first_article_id", "agency_credits")
    ]


def test_it_stores_story_keys_as_compact_utf8_text_on_sqlite(original):
    (raw,) = fetch("SELECT keys FROM news_storykey WHERE article_id = %s", [original.pk])[0]
    keys = StoryKey.objects.get(article=original).keys
    # it should read back through the ORM as what was stored
    assert keys["lang"] == "ar" and keys["title_terms"]
    if connection.vendor != "sqlite":
        return  # PostgreSQL keeps jsonb in its own binary form
    # it should write Arabic as UTF-8, without Django's ASCII escapes or spaces
    assert json.loads(raw) == keys
    assert "\\u" not in raw and ", " not in raw and keys["title_terms"][0] in raw


def test_it_keeps_its_state_in_the_database(original, daily, at):
    importlib.reload(service)  # a new worker: no module-level state survives
    copy = publish(daily, body(DISPATCH), title="نسخة", hours=1, base=at)
    result = service.fold_and_cluster(copy)
    # it should find the earlier article through the stored band keys and story keys
    assert result.duplicate_of_id == original.pk
    assert StoryKey.objects.count() == 2


def test_it_finds_a_near_copy_through_the_band_keys_alone(original, daily, at):
    Article.objects.filter(pk=original.pk).update(body_hash="")
    copy = publish(
        daily,
        body([*DISPATCH[:3], "فقرة مضافة من الجريدة حول الموضوع نفسه وتفاصيله."]),
        hours=1,
        base=at,
    )
    result = service.fold_and_cluster(copy)
    # it should reach the original by LSH, then confirm it by containment
    assert result.duplicate_of_id == original.pk and result.candidates >= 1


def test_it_finds_a_copy_of_a_copy_that_is_no_copy_of_the_first_member(original, daily, at):
    # a house edit: the whole dispatch and a paragraph of its own
    edit = publish(daily, body([*DISPATCH, OTHER[0]]), title="نسخة أولى", hours=1, base=at)
    assert service.fold_and_cluster(edit).duplicate_of_id == original.pk
    # a copy of that edit, which keeps too little of the dispatch to be a copy of it
    later = publish(daily, body([*DISPATCH[2:], OTHER[0]]), title="نسخة ثانية", hours=2, base=at)
    result = service.fold_and_cluster(later)
    # it should reach the edit through the edit's own band keys (copies are filed too)
    assert BandKey.objects.filter(article=edit).count() == BANDS
    assert result.duplicate_of_id == original.pk


def test_it_writes_only_the_folded_fields_that_change(agency, at):
    article = publish(agency, body(DISPATCH), base=at)
    with CaptureQueriesContext(connection) as queries:
        service.fold_and_cluster(article)
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE news_article")]
    # it should not name duplicate_of (None before and after): naming an indexed column
    # rewrites its index entries even when the value is the same
    assert len(updates) == 1 and "duplicate_of_id" not in updates[0]
    article.refresh_from_db()
    assert article.story_id and article.body_hash


def test_it_puts_a_french_article_in_the_story_of_the_arabic_one(original, weekly, at):
    french = publish(weekly, DISPATCH_BODY_FR, title=DISPATCH_TITLE_FR, hours=5, lang="fr", base=at)
    result = service.fold_and_cluster(french)
    story = Story.objects.get(pk=result.story_id)
    # it should join the story, not fold the article
    assert result.duplicate_of_id is None and result.story_id == original.story_id
    # it should count two outlets and keep the Arabic dispatch first
    assert story.source_count == 2 and story.first_article_id == original.pk


def test_it_starts_a_new_story_for_another_event(original, daily, at):
    other = publish(
        daily, body(OTHER), title="افتتاح الصالون الدولي للكتاب بوهران", hours=1, base=at
    )
    result = service.fold_and_cluster(other)
    # it should open a story of its own
    assert result.new_story and result.story_id != original.story_id


def test_it_does_not_fold_near_copies_a_month_apart(original, daily, at):
    rerun = publish(daily, body(DISPATCH[:3]), hours=24 * 30, base=at)
    result = service.fold_and_cluster(rerun)
    # it should treat a shortened re-run a month later as a publication of its own
    assert result.duplicate_of_id is None


def test_it_dates_band_candidates_by_their_story_keys(original, daily, at):
    # a re-run just outside the 14-day duplicate window, whose lookup still reads the
    # original's time bucket
    rerun = publish(daily, body(DISPATCH[:3]), hours=24 * 14 + 12, base=at)
    window = (
        rerun.published_at - service.DUPLICATE_WINDOW,
        rerun.published_at + service.DUPLICATE_WINDOW,
    )
    assert time_bucket(at) in buckets_between(*window)
    result = service.fold_and_cluster(rerun)
    # it should not take the original as a candidate: band keys carry no time of their own,
    # and the original's story key is dated outside the window
    assert result.duplicate_of_id is None and result.candidates == 0


def test_it_takes_band_candidates_from_the_duplicate_window_only(original, daily, at):
    rerun = publish(daily, body(DISPATCH[:3]), hours=24 * 30, base=at)
    service.fold_and_cluster(rerun)
    added = "فقرة مضافة من الجريدة حول الموضوع نفسه وتفاصيله."
    copy = publish(daily, body([*DISPATCH[:3], added]), title="نسخة", hours=24 * 30 + 1, base=at)
    result = service.fold_and_cluster(copy)
    # it should reach the re-run of its window by LSH; the month-old original, which shares
    # its band keys, is not even a candidate
    assert result.duplicate_of_id == rerun.pk
    assert result.candidates == 1


def test_it_folds_an_identical_text_whenever_it_appears(original, daily, at):
    rerun = publish(daily, body(DISPATCH), hours=24 * 30, base=at)
    result = service.fold_and_cluster(rerun)
    # it should fold the very same text even a month later
    assert result.duplicate_of_id == original.pk


def test_it_rebuilds_counters_from_the_articles(original, daily, at):
    copy = publish(daily, body(DISPATCH), hours=1, base=at)
    service.fold_and_cluster(copy)
    story = Story.objects.get(pk=original.story_id)
    counted = (story.article_count, story.source_count, story.first_article_id)
    rebuilt = service.rebuild_counters(story)
    # it should agree with the incremental counters
    assert (
        (rebuilt.article_count, rebuilt.source_count, rebuilt.first_article_id)
        == counted
        == (2, 2, original.pk)
    )


def test_it_files_band_keys_and_story_terms_under_the_time_bucket(original, at):
    bands = set(BandKey.objects.filter(article=original).values_list("bucket", flat=True))
    terms = set(StoryTerm.objects.filter(article=original).values_list("bucket", flat=True))
    # it should give every lookup row the bucket of the article's time, which leads the
    # lookup indexes
    assert bands == terms == {time_bucket(at)}


def test_it_folds_and_groups_across_a_time_bucket_boundary(agency, daily, at):
    boundary = datetime.fromtimestamp((time_bucket(at) + 1) * BUCKET_DAYS * 86400, tz=UTC)
    dispatch = publish(agency, body(DISPATCH), author="(واج)", base=boundary, hours=-2)
    service.fold_and_cluster(dispatch)
    Article.objects.filter(pk=dispatch.pk).update(body_hash="")  # reach it by LSH only
    copy = publish(
        daily,
        body([*DISPATCH[:3], "فقرة مضافة من الجريدة حول الموضوع نفسه وتفاصيله."]),
        title="نسخة",
        base=boundary,
        hours=3,
    )
    result = service.fold_and_cluster(copy)
    # it should look up the buckets on both sides of the boundary: the copy published in the
    # next bucket still folds into the dispatch and joins its story
    assert time_bucket(copy.published_at) == time_bucket(dispatch.published_at) + 1
    assert result.duplicate_of_id == dispatch.pk and result.story_id == dispatch.story_id
