"""The Fever API, with the requests feed-reader apps send (POST api_key, query flags)."""

import hashlib

import pytest

pytestmark = pytest.mark.django_db

API_KEY = hashlib.md5(b"reader:secret").hexdigest()


def fever(client, query: str, **data):
    """What apps do: POST the api_key to /api/fever/?api&<query>."""
    response = client.post(f"/api/fever/?api&{query}", {"api_key": API_KEY, **data})
    assert response.status_code == 200, response.content
    return response.json()


def test_it_authenticates_any_key_of_this_public_archive(client):
    answer = fever(client, "")
    # it should answer the handshake with auth 1 and API version 3
    assert (answer["auth"], answer["api_version"]) == (1, 3)
    assert "last_refreshed_on_time" in answer


def test_it_lists_categories_as_groups_and_outlets_as_feeds(client, dispatch, wire_copy):
    groups = fever(client, "groups")
    national = next(g for g in groups["groups"] if g["title"] == "وطني")
    # it should put both outlets in the national group
    members = {fg["group_id"]: fg["feed_ids"] for fg in groups["feeds_groups"]}
    expected = ",".join(str(pk) for pk in sorted([dispatch.source_id, wire_copy.source_id]))
    assert members[national["id"]] == expected
    feeds = fever(client, "feeds")["feeds"]
    # it should give one feed per outlet
    assert {f["id"] for f in feeds} == {dispatch.source_id, wire_copy.source_id}
    assert all(f["is_spark"] == 0 for f in feeds)


def test_it_pages_items_with_since_id_max_id_and_with_ids(client, archive):
    first = fever(client, "items&since_id=0")
    item_ids = [item["id"] for item in first["items"]]
    # it should give at most 50 items, oldest first, and the total
    assert item_ids == sorted(a.pk for a in archive)[:50] and first["total_items"] == len(archive)
    newest = fever(client, f"items&max_id={max(item_ids)}")["items"]
    # it should go backwards from max_id
    assert [i["id"] for i in newest] == sorted(item_ids[:-1], reverse=True)
    chosen = fever(client, f"items&with_ids={item_ids[0]},{item_ids[2]}")["items"]
    # it should give exactly the items asked for
    assert [i["id"] for i in chosen] == [item_ids[0], item_ids[2]]


def test_it_gives_items_as_the_site_shows_them(client, dispatch, hidden_image, held):
    items = {i["id"]: i for i in fever(client, "items")["items"]}
    # it should never give held articles or hidden images
    assert held.pk not in items and "secret.jpg" not in items[hidden_image.pk]["html"]
    # it should give the visible image, the escaped text and the original URL
    assert dispatch.image_url in items[dispatch.pk]["html"]
    assert (
        items[dispatch.pk]["url"] == dispatch.url
        and items[dispatch.pk]["feed_id"] == dispatch.source_id
    )


def test_it_lists_unread_ids_and_nothing_saved(client, dispatch, wire_copy, held):
    answer = fever(client, "unread_item_ids&saved_item_ids&favicons&links")
    # it should call every visible article unread and none saved
    assert set(answer["unread_item_ids"].split(",")) == {str(dispatch.pk), str(wire_copy.pk)}
    assert answer["saved_item_ids"] == "" and answer["favicons"] == [] and answer["links"] == []


def test_it_accepts_and_forgets_marks(client, dispatch):
    answer = fever(client, "", mark="item", **{"as": "read", "id": str(dispatch.pk)})
    # it should answer as if done, and keep the item unread
    assert answer["auth"] == 1
    assert str(dispatch.pk) in fever(client, "unread_item_ids")["unread_item_ids"]


def test_it_answers_a_bad_fever_request_with_400(client):
    # it should refuse a request without api, and ids that are not numbers
    assert client.get("/api/fever/").status_code == 400
    assert client.get("/api/fever/?api&items&with_ids=a,b").status_code == 400
