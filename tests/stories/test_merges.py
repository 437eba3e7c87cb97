"""Late merges: a later article that matches two stories strongly folds them into one.

Real SaudiNewsNet articles (read from ../shared/data at test time): three outlets' own write-ups
of one SPA release (the deputy crown prince receives the Chechen president). The first two are
put in two stories the way two workers folding them at the same moment would; the third joins
them.
"""

from datetime import UTC, datetime, timedelta

import pytest

from akhbar.news.models import Article, Source, Story
from akhbar.news.models.fingerprint import StoryMerge
from akhbar.stories import service
from akhbar.stories.rules import StoryKeys, bridges, stories_to_merge
from tests.stories.snn import SNN, outlet, read_records, stored

FIRST, SECOND, BRIDGE = "snn:2015-07-21#1023", "snn:2015-07-21#1106", "snn:2015-07-22#1127"
DIGEST = "snn:2015-07-21#1405"  # another audience of the same day (a martyr's family)
NOON = datetime(2015, 7, 21, 12, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not SNN.exists(), reason="no shared data")


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return read_records({FIRST, SECOND, BRIDGE, DIGEST})


def keys(row: dict, hours: int = 0) -> StoryKeys:
    return StoryKeys.of(row["title"], "", row["body"], "ar", NOON + timedelta(hours=hours))


def test_it_says_an_article_bridges_two_write_ups_of_one_event(records):
    first, second, bridge = (keys(records[i]) for i in (FIRST, SECOND, BRIDGE))
    # it should join the stories of two outlets' write-ups through a third one
    assert bridges(bridge, first, second)
    # it should name both stories, oldest first, whatever order they are given in
    assert stories_to_merge(bridge, {9: second, 4: first}) == [4, 9]


def test_it_does_not_bridge_two_events_that_share_only_their_host(records):
    chechen, other = keys(records[FIRST]), keys(records[DIGEST])
    # it should keep two audiences of one day apart even for an article close to both
    assert not bridges(chechen, chechen, other)
    # it should not merge on one story alone
    assert stories_to_merge(chechen, {1: chechen}) == []


def store(row: dict, source: Source, hours: int) -> Article:
    """A record stored as the pipeline stores it, published ``hours`` after NOON."""
    return stored(row, source, NOON + timedelta(hours=hours))


@pytest.fixture
def split(records, db, monkeypatch):
    """Two write-ups of one event in two stories, as two workers at the same moment leave them;
    the second was published earlier."""
    first = store(records[FIRST], outlet("aljazirah"), hours=1)
    service.fold_and_cluster(first)
    second = store(records[SECOND], outlet("almadina"), hours=-1)
    with monkeypatch.context() as patch:
        patch.setattr(service, "find_story", lambda keys: (None, 0, {}))
        service.fold_and_cluster(second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.story_id != second.story_id
    return first, second


@pytest.mark.django_db
def test_it_merges_two_stories_when_a_later_article_bridges_them(records, split):
    first, second = split
    bridge = store(records[BRIDGE], outlet("alriyadh"), hours=5)
    result = service.fold_and_cluster(bridge)
    survivor = min(first.story_id, second.story_id)
    # it should put the three articles in the older story and remember the absorbed one
    assert result.story_id == survivor
    assert set(Article.objects.filter(story_id=survivor).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
        bridge.pk,
    }
    absorbed = max(first.story_id, second.story_id)
    assert not Story.objects.filter(pk=absorbed).exists()
    assert StoryMerge.objects.get(absorbed_id=absorbed).into_id == survivor
    story = Story.objects.get(pk=survivor)
    # it should keep provenance right: the earliest publication leads, whichever story it was in
    assert story.first_article_id == second.pk
    assert story.first_published_at == second.published_at
    assert (story.article_count, story.source_count) == (3, 3)
    # it should agree with a recount from the articles
    expected = (story.article_count, story.source_count, story.first_article_id)
    again = service.rebuild_counters(Story.objects.get(pk=survivor))
    assert (again.article_count, again.source_count, again.first_article_id) == expected


@pytest.mark.django_db
def test_it_is_idempotent_and_follows_an_absorbed_story(records, split):
    first, second = split
    ids = [first.story_id, second.story_id]
    survivor = service.merge_stories(ids)
    # it should change nothing when the same merge is asked again (a second worker)
    assert service.merge_stories(ids) == survivor
    assert StoryMerge.objects.count() == 1
    assert Story.objects.get(pk=survivor).article_count == 2
    # it should send a worker that still holds the absorbed id to the surviving story
    assert service.lock_story(max(ids)) == survivor
    late = store(records[BRIDGE], outlet("alriyadh"), hours=5)
    assert service.fold_and_cluster(late).story_id == survivor


@pytest.mark.django_db
def test_a_shared_address_of_an_absorbed_story_leads_to_the_survivor(records, split, client):
    first, second = split
    ids = [first.story_id, second.story_id]
    survivor = service.merge_stories(ids)
    absorbed = max(ids)
    # it should redirect the page for good, and serve the survivor's feed at the old address
    page = client.get(f"/story/{absorbed}/")
    assert page.status_code == 301 and page["Location"] == f"/story/{survivor}/"
    feed = client.get(f"/feeds/story/{absorbed}/")
    assert feed.status_code == 200
    assert first.title.split()[0] in feed.content.decode()
    # an id that never existed is still a 404
    assert client.get(f"/story/{absorbed + 1000}/").status_code == 404
