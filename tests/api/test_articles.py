"""/api/v1/articles: filters, cursor pagination, one article, and what readers may not see."""

from datetime import timedelta

import pytest

from akhbar.news.models import Article

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def walk(client, url: str) -> list[int]:
    """Every id of a list, following the next links to the end."""
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        seen += ids(response)
        url, pages = response.json()["next"], pages + 1
        assert pages < 100
    return seen


def test_it_lists_articles_newest_first_with_their_outlet(client, dispatch, wire_copy):
    response = client.get("/api/v1/articles")
    # it should answer JSON, the copy (published later) first
    assert response.status_code == 200
    assert ids(response) == [wire_copy.pk, dispatch.pk]
    first = response.json()["items"][1]
    # it should name the outlet and link the page on the site and at the source
    assert first["source"] == {"slug": "wakala", "name": "وكالة الأخبار التجريبية"}
    assert first["link"] == f"/wakala/{dispatch.pk}/" and first["url"] == dispatch.url


def test_it_walks_the_archive_without_gaps_or_repeats(client, archive):
    seen = walk(client, "/api/v1/articles?limit=4")
    expected = list(Article.objects.order_by("published_at").reverse().values_list("pk", flat=True))
    # it should give every article exactly once
    assert sorted(seen) == sorted(a.pk for a in archive) and len(seen) == len(set(seen))
    # it should keep the order (published_at desc, id desc), undated last
    dated = [pk for pk in seen if Article.objects.get(pk=pk).published_at]
    assert seen[: len(dated)] == dated and len(expected) == len(seen)
    keys = [(Article.objects.get(pk=pk).published_at, pk) for pk in dated]
    assert keys == sorted(keys, reverse=True)


def test_it_keeps_its_place_when_articles_arrive_between_pages(client, archive, daily):
    first = client.get("/api/v1/articles?limit=5").json()
    Article.objects.create(
        source=daily,
        url="https://sada.test/late",
        title="خبر عاجل",
        published_at=archive[0].published_at + timedelta(days=30),
        fetched_at=archive[0].fetched_at,
    )
    rest = walk(client, first["next"])
    # it should neither repeat nor skip an article of the walk
    assert len(set(ids_of(first) + rest)) == len(archive)


def ids_of(page: dict) -> list[int]:
    return [item["id"] for item in page["items"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("source=wakala", {"dispatch"}),
        ("category=national", {"dispatch", "wire_copy"}),
        ("language=fr", set()),
        ("from=2026-11-20&to=2026-11-20", {"dispatch", "wire_copy"}),
        ("from=2026-11-21", set()),
        ("to=2026-11-19", set()),
        ("has_duplicates=true", {"dispatch"}),
        ("has_duplicates=false", {"wire_copy"}),
    ],
)
def test_it_filters_articles(client, dispatch, wire_copy, query, expected):
    names = {dispatch.pk: "dispatch", wire_copy.pk: "wire_copy"}
    response = client.get(f"/api/v1/articles?{query}")
    # it should keep exactly the articles that match
    assert {names[pk] for pk in ids(response)} == expected


def test_it_filters_articles_by_story(client, story, dispatch, wire_copy, removed):
    response = client.get(f"/api/v1/articles?story={story.pk}")
    # it should list the story's articles only
    assert set(ids(response)) == {dispatch.pk, wire_copy.pk}


def test_it_shows_one_article_with_its_body_and_wire_group(client, dispatch, wire_copy):
    response = client.get(f"/api/v1/articles/{wire_copy.pk}")
    article = response.json()
    # it should give the body and point at the original
    assert article["body"] == dispatch.body and article["duplicate_of"] == dispatch.pk
    # it should list the other articles of the wire group, the original marked
    assert [(c["id"], c["original"]) for c in article["copies"]] == [(dispatch.pk, True)]


def test_it_never_shows_held_articles(client, dispatch, held):
    # it should leave them out of lists and answer 404 for them
    assert held.pk not in ids(client.get("/api/v1/articles"))
    response = client.get(f"/api/v1/articles/{held.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_it_hides_a_hidden_image_as_the_site_does(client, hidden_image):
    article = client.get(f"/api/v1/articles/{hidden_image.pk}").json()
    # it should say the image is hidden without its URL, anywhere in the answer
    assert (article["image"], article["image_hidden"]) == (None, True)
    assert b"secret.jpg" not in client.get("/api/v1/articles").content


def test_it_shows_an_image_that_is_not_hidden(client, dispatch):
    article = client.get(f"/api/v1/articles/{dispatch.pk}").json()
    # it should give the image URL
    assert (article["image"], article["image_hidden"]) == (dispatch.image_url, False)


def test_it_keeps_removed_articles_marked_as_the_site_does(client, removed):
    article = client.get(f"/api/v1/articles/{removed.pk}").json()
    # it should still serve the article, with removed: true and when it was noticed
    assert article["removed"] is True and article["removed_at_source"]
    assert article["body"] == removed.body


@pytest.mark.parametrize(
    "query",
    ["cursor=not-a-cursor", "limit=0", "limit=1000", "from=yesterday", "has_duplicates=maybe"],
)
def test_it_answers_bad_parameters_with_a_json_error(client, query):
    response = client.get(f"/api/v1/articles?{query}")
    # it should answer 400 with the stable code
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
