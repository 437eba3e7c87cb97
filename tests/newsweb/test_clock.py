"""Simulated time: new articles appear, some are edited, some deleted."""

import feedparser
import pytest

from akhbar.newsweb.app import start_newsweb

from .conftest import cast_records


@pytest.fixture(scope="module")
def fresh_web():
    """A web of its own, so moving its clock leaves the shared one alone."""
    newsweb = start_newsweb(cast_records(), outlets=6, seed=11, by_source=False)
    yield newsweb
    newsweb.stop()


def first_feed(web):
    outlet = next(o for o in web.outlets if o.feed_kind == "rss")
    return outlet, outlet.base_url + "/feed/"


def test_it_publishes_new_articles_as_time_passes(fresh_web, client):
    outlet, url = first_feed(fresh_web)
    upcoming = [
        i
        for i in fresh_web.site.by_outlet[outlet.index]
        if i.status(fresh_web.clock.now()) == "scheduled"
    ]
    before = {e.link for e in feedparser.parse(client.get(url).content).entries}
    # it should refuse a scheduled article before its time
    assert client.get(upcoming[-1].url).status_code == 404
    wait = (upcoming[-1].published - fresh_web.clock.now()).total_seconds() + 1
    client.post(f"{fresh_web.base_url}/_newsweb/clock/advance?seconds={wait:.0f}")
    after = {e.link for e in feedparser.parse(client.get(url).content).entries}
    # it should list and serve the article once its time has come
    assert after - before
    assert client.get(upcoming[-1].url).status_code == 200


def test_it_edits_articles_and_keeps_the_versions(fresh_web, client):
    edited = next(i for i in fresh_web.site.items if len(i.versions) > 1 and i.deleted_at is None)
    fresh_web.clock.advance(
        max(0, (edited.versions[1].at - fresh_web.clock.now()).total_seconds()) + 1
    )
    entry = fresh_web.truth[edited.url]
    page = client.get(edited.url).content.decode(edited.outlet.encoding)
    # it should serve the new title and keep both versions in the truth
    assert len(entry["versions"]) == 2 and entry["title"] == entry["versions"][1]["title"]
    assert "(محدث)" in page or "(mis à jour)" in page


def test_it_deletes_articles_with_404_or_410(fresh_web, client):
    doomed = next(i for i in fresh_web.site.items if i.deleted_at is not None)
    fresh_web.clock.advance(max(0, (doomed.deleted_at - fresh_web.clock.now()).total_seconds()) + 1)
    # it should answer 404 or 410 and record the deletion in the truth
    assert client.get(doomed.url).status_code in (404, 410)
    assert fresh_web.truth[doomed.url]["status"] == "deleted"
