"""Feeds out: RSS and Atom, read back with feedparser as a reader's app would."""

import feedparser
import pytest
from django.utils.encoding import iri_to_uri

from akhbar.news.models import Story

pytestmark = pytest.mark.django_db


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, feedparser.parse(response.content)


def test_it_serves_a_valid_rss_feed_of_the_latest_news(client, dispatch):
    response, feed = parse(client, "/feeds/")
    # it should be RSS 2.0 that feedparser reads without complaint
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.bozo == 0 and feed.version == "rss20"
    # it should have a channel title, link and description
    assert feed.feed.title and feed.feed.link and feed.feed.description
    entry = feed.entries[0]
    # it should link each item to the original article at its outlet
    assert entry.title == dispatch.title
    assert entry.link == dispatch.url
    # it should attribute the item to its outlet by name
    assert entry.source.title == "وكالة الأخبار التجريبية"
    assert "وكالة الأخبار التجريبية" in entry.author
    # it should identify the item by its page on Akhbar and give its date
    assert entry.id == f"http://testserver/wakala/{dispatch.pk}/"
    assert entry.published_parsed is not None


def test_it_serves_a_valid_atom_feed(client, dispatch):
    response, feed = parse(client, "/feeds/atom/")
    # it should be Atom 1.0
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.bozo == 0 and feed.version == "atom10"
    entry = feed.entries[0]
    # it should link to the original and to the article's page on Akhbar
    assert entry.link == dispatch.url
    related = [link.href for link in entry.links if link.rel == "related"]
    assert related == [f"http://testserver/wakala/{dispatch.pk}/"]
    # it should name the outlet
    assert "وكالة الأخبار التجريبية" in entry.author


def test_it_encloses_a_visible_image_only(client, dispatch):
    _, feed = parse(client, "/feeds/")
    # it should enclose the image readers may see
    assert [e.href for e in feed.entries[0].enclosures] == [dispatch.image_url]
    dispatch.image_state = "hidden"
    dispatch.save()
    response, feed = parse(client, "/feeds/")
    # it should never put a hidden image in a feed
    assert feed.entries[0].enclosures == []
    assert dispatch.image_url not in response.content.decode()


def test_it_leaves_held_articles_out_of_every_feed(client, dispatch, agency):
    dispatch.held_reason = "too short"
    dispatch.save()
    for url in ("/feeds/", "/feeds/atom/", "/feeds/source/wakala/", "/feeds/category/national/"):
        _, feed = parse(client, url)
        # it should not list the held article
        assert feed.entries == [], url


def test_it_serves_a_feed_per_source_category_and_story(client, dispatch, wire_copy):
    story = Story.objects.create(title="الموسم الفلاحي", article_count=2, source_count=2)
    dispatch.story = wire_copy.story = story
    dispatch.save()
    wire_copy.save()
    _, by_source = parse(client, "/feeds/source/sada/atom/")
    # it should list only the outlet's articles in its feed (links as URIs, IRIs encoded)
    assert [e.link for e in by_source.entries] == [iri_to_uri(wire_copy.url)]
    _, by_category = parse(client, "/feeds/category/national/")
    # it should fold wire copies in a category feed
    assert [e.link for e in by_category.entries] == [dispatch.url]
    _, by_story = parse(client, f"/feeds/story/{story.pk}/")
    # it should list every outlet's article of the story, newest first
    assert [e.link for e in by_story.entries] == [iri_to_uri(wire_copy.url), dispatch.url]
    assert "الموسم الفلاحي" in by_story.feed.title
    page = client.get(f"/story/{story.pk}/").content.decode()
    # it should advertise the story's feed on the story's page
    assert f'href="/feeds/story/{story.pk}/"' in page


def test_it_answers_404_for_an_unknown_source_feed(client):
    # it should not invent a feed for an outlet that does not exist
    assert client.get("/feeds/source/nobody/").status_code == 404


def test_it_serves_a_feed_for_a_search_query(client, dispatch, wire_copy):
    from akhbar.search.index import index_article

    index_article(dispatch)
    index_article(wire_copy)
    _, feed = parse(client, "/feeds/search/?q=تيارت")
    # it should list the articles matching the query, each linking to its original
    assert dispatch.url in [e.link for e in feed.entries]
    # it should name the query in the feed's title
    assert "تيارت" in feed.feed.title
    _, atom = parse(client, "/feeds/search/atom/?q=تيارت")
    assert atom.version == "atom10" and atom.entries


@pytest.mark.parametrize("url", ["/feeds/search/?q=زرافة", "/feeds/search/atom/?q=زرافة"])
def test_it_dates_an_empty_feed_the_same_on_every_request(client, dispatch, url):
    from time import sleep

    first = client.get(url)
    sleep(1.1)  # Django's default for an empty feed is the request's second
    second = client.get(url)
    _, feed = parse(client, url)
    # it should list nothing, and still be a valid feed
    assert feed.bozo == 0 and not feed.entries
    # it should give the same bytes and ETag each time, so conditional GETs can match
    assert first.content == second.content
    assert first.get("ETag") == second.get("ETag")
    # it should name the fixed date, not the request's
    assert feed.feed.updated_parsed[:3] == (1970, 1, 1)


def test_it_answers_404_for_a_search_feed_without_query(client):
    # it should ask for a query
    assert client.get("/feeds/search/").status_code == 404


def test_it_escapes_titles_in_feeds(client, dispatch):
    dispatch.title = "<script>alert(1)</script> & عنوان"
    dispatch.save()
    response, feed = parse(client, "/feeds/")
    # it should keep the markup as text, never as elements
    assert "<script>" not in response.content.decode()
    assert feed.entries[0].title == "<script>alert(1)</script> & عنوان"
