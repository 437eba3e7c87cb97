"""Split wire groups: a later copy of members of two wire groups folds the groups into one.

Real SaudiNewsNet articles (read from ../shared/data at test time, never copied):

- EDITS: the interior ministry's warning against marriages with women without papers, run by
  two outlets with their own edits (each holds 79 % of the other's 5-shingles, under the
  80 % rule) and by a third outlet in a version that is a copy of both;
- ZAATARI: one release on vaccinating Syrian children at the Zaatari camp, two edits at 77 %
  and a third copy of both;
- DIGEST: a Qatari minister's audience (a release), a page that carries it beside an economic
  council item, and a brief of the audience that is a copy of both.
"""

from datetime import UTC, datetime, timedelta

import pytest

from akhbar.news.models import Article, Source, Story
from akhbar.news.models.fingerprint import StoryMerge
from akhbar.stories import service
from akhbar.stories.importing import import_records
from akhbar.stories.rules import DupKeys, is_duplicate, wire_groups_to_merge
from tests.stories.snn import outlet, read_records, stored

EDITS = ("snn:2015-08-06#2471", "snn:2015-08-06#596", "snn:2015-08-06#2620")
ZAATARI = ("snn:2015-08-09#563", "snn:2015-08-09#835", "snn:2015-08-09#501")
DIGEST = ("snn:2015-08-10#68", "snn:2015-08-11#528", "snn:2015-08-11#1244")
NOON = datetime(2015, 8, 6, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return read_records({*EDITS, *ZAATARI, *DIGEST})


def store(row: dict, source: Source, hours: int) -> Article:
    """A record stored as the pipeline stores it, published ``hours`` after NOON."""
    return stored(row, source, NOON + timedelta(hours=hours))


def keys(records, ids) -> list[DupKeys]:
    return [DupKeys.of(records[rid]["body"]) for rid in ids]


def test_it_says_a_copy_of_two_house_edits_makes_them_one_wire_item(records):
    first, second, copy = keys(records, EDITS)
    # the two edits are not copies of each other; the third version is a copy of both
    assert not is_duplicate(first, second)
    assert is_duplicate(copy, first) and is_duplicate(copy, second)
    # it should name both groups, whichever is the best candidate
    assert wire_groups_to_merge([first, second]) == [0, 1]
    assert wire_groups_to_merge([second, first]) == [0, 1]
    # it should not merge on one group alone
    assert wire_groups_to_merge([first]) == []


def test_it_keeps_a_release_apart_from_a_page_that_carries_it_beside_other_news(records):
    release, page, brief = keys(records, DIGEST)
    # the brief is a copy of both, but the release and the page are not one text
    assert is_duplicate(brief, release) and is_duplicate(brief, page)
    assert wire_groups_to_merge([release, page]) == []
    assert wire_groups_to_merge([page, release]) == []


@pytest.mark.django_db
def test_it_folds_two_edits_into_one_entry_when_a_later_copy_of_both_arrives(records):
    rows = sorted((records[rid] for rid in EDITS), key=lambda row: row["date"])
    summary = import_records(rows[:2])
    first, second = (Article.objects.get(pk=summary.ids[row["id"]]) for row in rows[:2])
    # the two edits alone stay two wire groups
    assert first.duplicate_of_id is None and second.duplicate_of_id is None
    summary = import_records(rows)
    articles = [Article.objects.get(pk=summary.ids[row["id"]]) for row in rows]
    # it should fold all three into one entry, the earliest publication its original
    assert {a.duplicate_of_id or a.pk for a in articles} == {first.pk}
    assert articles[0].duplicate_of_id is None
    # it should keep them in one story
    assert len({a.story_id for a in articles}) == 1


@pytest.mark.django_db
def test_it_makes_an_earlier_copy_of_both_groups_the_original_of_the_merged_group(records):
    first = store(records[ZAATARI[0]], outlet("alriyadh"), hours=1)
    second = store(records[ZAATARI[1]], outlet("alwatan"), hours=2)
    for article in (first, second):
        service.fold_and_cluster(article)
    # published before both, stored after them
    earliest = store(records[ZAATARI[2]], outlet("aljazirah"), hours=0)
    result = service.fold_and_cluster(earliest)
    # it should make the earliest publication the original of the whole merged group
    assert result.duplicate_of_id is None and result.became_canonical
    for article in (first, second):
        article.refresh_from_db()
        assert article.duplicate_of_id == earliest.pk
    story = Story.objects.get(pk=result.story_id)
    assert story.first_article_id == earliest.pk
    assert (story.article_count, story.source_count) == (3, 3)


@pytest.mark.django_db
def test_it_merges_the_stories_of_the_two_groups(records, monkeypatch):
    first = store(records[EDITS[0]], outlet("alyaum"), hours=0)
    service.fold_and_cluster(first)
    second = store(records[EDITS[1]], outlet("aleqtisadiya"), hours=6)
    # as two workers folding at the same moment leave them: two groups in two stories
    with monkeypatch.context() as patch:
        patch.setattr(service, "find_story", lambda keys: (None, 0, {}))
        service.fold_and_cluster(second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.story_id != second.story_id
    copy = store(records[EDITS[2]], outlet("almadina"), hours=17)
    result = service.fold_and_cluster(copy)
    survivor, absorbed = sorted((first.story_id, second.story_id))
    # it should put the merged group in the older story and remember the absorbed one
    assert result.story_id == survivor
    assert result.merged_story_ids == (absorbed,)
    assert StoryMerge.objects.get(absorbed_id=absorbed).into_id == survivor
    assert set(Article.objects.filter(story_id=survivor).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
        copy.pk,
    }
    # it should keep the counters and the first publisher right
    story = Story.objects.get(pk=survivor)
    assert story.first_article_id == first.pk
    expected = (story.article_count, story.source_count, story.first_article_id)
    again = service.rebuild_counters(Story.objects.get(pk=survivor))
    assert (again.article_count, again.source_count, again.first_article_id) == expected
    assert expected == (3, 3, first.pk)


@pytest.mark.django_db
def test_it_does_not_merge_a_release_with_a_page_that_carries_it(records):
    release = store(records[DIGEST[0]], outlet("3alyoum"), hours=0)
    page = store(records[DIGEST[1]], outlet("almadina"), hours=16)
    for article in (release, page):
        service.fold_and_cluster(article)
    brief = store(records[DIGEST[2]], outlet("alyaum"), hours=17)
    result = service.fold_and_cluster(brief)
    release.refresh_from_db()
    page.refresh_from_db()
    # the brief joins one of the two groups; the two stay apart
    assert result.duplicate_of_id in {release.pk, page.pk}
    assert release.duplicate_of_id is None and page.duplicate_of_id is None
    assert Source.objects.count() == 3
