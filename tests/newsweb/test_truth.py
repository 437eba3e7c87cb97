"""Ground truth and the outlets directory round-trip; the same seed gives the same bytes."""

from akhbar.newsweb.corpus import load_corpus
from akhbar.newsweb.routes import Router
from akhbar.newsweb.site import build_site
from akhbar.newsweb.testing import ANT_CORPUS
from akhbar.newsweb.wire import synthesize

from .conftest import cast_records

TRUTH_KEYS = {
    "url",
    "outlet",
    "title",
    "lede",
    "paragraphs",
    "author",
    "published",
    "image",
    "category",
}
TRUTH_KEYS |= {"wire_group", "story_group", "servable", "fault", "status", "versions"}
OUTLET_KEYS = {
    "slug",
    "name_ar",
    "name_fr",
    "languages",
    "kind",
    "timezone",
    "base_url",
    "homepage",
    "feeds",
    "no_feed",
}


def test_it_round_trips_the_truth_as_json(web, client):
    served = client.get(web.base_url + "/_newsweb/truth.json").json()
    # it should serve exactly what the Python API gives, one object per article URL
    assert served == web.truth
    assert all(TRUTH_KEYS <= set(entry) for entry in served.values())


def test_it_lists_every_outlet_with_its_feeds(web, client):
    outlets = client.get(web.base_url + "/_newsweb/outlets.json").json()["outlets"]
    # it should describe every outlet with the agreed keys and reachable feeds
    assert [o["slug"] for o in outlets] == [o.slug for o in web.outlets]
    assert all(OUTLET_KEYS <= set(o) for o in outlets)
    assert any(o["no_feed"] and not o["feeds"] for o in outlets)
    feed = next(o for o in outlets if o["feeds"])["feeds"][0]
    assert client.get(feed["url"]).status_code == 200


def test_it_records_wire_and_story_groups(web):
    groups = {}
    for entry in web.truth.values():
        if entry["wire_group"]:
            groups.setdefault(entry["wire_group"], set()).add(entry["outlet"])
    # it should have wire stories republished by several outlets
    assert any(len(outlets) > 1 for outlets in groups.values())


def test_it_synthesizes_edited_wire_copies_for_corpora_without_groups():
    records = load_corpus(ANT_CORPUS, limit=200)
    copies = synthesize(records, [0] * 200, [("ar",), ("ar",), ("ar",)], seed=7, rate=0.2)
    originals = {r.id: r for r in records}
    # it should republish on other outlets with a new title, and sometimes a "(واج)" dateline
    assert copies and all(owner != 0 for _, owner, _, _ in copies)
    assert all(c.title != originals[c.id.split("~")[0]].title for c, _, _, _ in copies)
    assert any("(واج)" in c.paragraphs[0] for c, _, _, _ in copies)


def render_all(site):
    router = Router(site)
    paths = ["/", "/robots.txt"] + [i.path for i in site.items[:80]]
    paths += [s.path for specs in router.specs.values() for s in specs]
    return {(o.index, p): router.route(o, p).body for o in site.outlets for p in paths}


def test_it_gives_the_same_bytes_for_the_same_seed():
    records = cast_records()
    bases = [f"http://127.0.0.1:{9000 + k}" for k in range(18)]
    first = render_all(build_site(records, 18, 7, bases, by_source=False))
    again = render_all(build_site(records, 18, 7, bases, by_source=False))
    other = render_all(build_site(records, 18, 8, bases, by_source=False))
    # it should render byte-identical outlets for one seed, and a different web for another
    assert first == again
    assert first != other


def test_it_filters_the_truth_by_outlet_and_status(web, client):
    slug = web.outlets[0].slug
    served = client.get(web.base_url + f"/_newsweb/truth.json?outlet={slug}&status=live").json()
    # it should keep only that outlet's live articles
    assert served and all(e["outlet"] == slug and e["status"] == "live" for e in served.values())


def test_it_provides_a_fixture_factory_for_other_conftests(newsweb, client):
    home = newsweb.outlets[0].base_url + "/"
    # it should start a web on free ports that answers on every outlet
    assert client.get(home).status_code == 200
    assert client.get(newsweb.base_url + "/_newsweb/outlets.json").status_code == 200
