"""Feeds: RSS 2.0, Atom, JSON Feed and news sitemaps list the right URLs; autodiscovery."""

import re

import feedparser
from lxml import etree

from .conftest import page_text

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


def main_feed(web, kind):
    outlet = next(o for o in web.outlets if o.feed_kind == kind)
    return outlet, outlet.base_url + web.handler.router.specs[outlet.index][0].path


def expected_links(web, outlet, key="feed_url"):
    entries = [
        e for e in web.truth.values() if e["outlet"] == outlet.slug and e["status"] == "live"
    ]
    entries.sort(key=lambda e: e["published"], reverse=True)
    return {e[key] for e in entries}


def test_it_serves_rss_atom_and_json_feeds_that_feedparser_reads(web, client):
    for kind in ("rss", "rss_full", "atom"):
        outlet, url = main_feed(web, kind)
        response = client.get(url)
        parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
        links = {e.link for e in parsed.entries}
        # it should parse cleanly and list only the outlet's live articles, as its feeds link them
        assert not parsed.bozo, (kind, parsed.get("bozo_exception"))
        assert links and links <= expected_links(web, outlet), kind
        # it should give every entry a title and a date
        assert all(e.title and e.get("published_parsed") for e in parsed.entries), kind


def test_it_serves_json_feeds(web, client):
    outlet, url = main_feed(web, "json")
    response = client.get(url)
    feed = response.json()  # feedparser 6.0 does not read JSON Feed
    # it should follow JSON Feed 1.1 and list the outlet's live articles with their dates
    assert response.headers["content-type"] == "application/feed+json"
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert {i["url"] for i in feed["items"]} <= expected_links(web, outlet)
    assert all(i["date_published"] and i["title"] for i in feed["items"])


def test_it_serves_full_content_in_some_feeds_and_summaries_in_others(web, client):
    _, full_url = main_feed(web, "rss_full")
    _, summary_url = main_feed(web, "rss")
    full = feedparser.parse(client.get(full_url).content).entries[0]
    summary = feedparser.parse(client.get(summary_url).content).entries[0]
    # it should put the body in content:encoded on full feeds only
    assert "<p>" in full.content[0].value
    assert "content" not in summary


def test_it_serves_news_sitemaps_and_a_sitemap_index(web, client):
    outlet = next(o for o in web.outlets if o.feed_kind == "sitemap")
    index = etree.fromstring(client.get(outlet.base_url + "/sitemap_index.xml").content)
    locs = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    # it should list the news sitemap and monthly archives in the index
    assert outlet.base_url + "/sitemap-news.xml" in locs
    assert any(re.search(r"/sitemap-\d{4}-\d{2}\.xml$", loc) for loc in locs)
    news = etree.fromstring(client.get(outlet.base_url + "/sitemap-news.xml").content)
    urls = set(news.xpath("//s:url/s:loc/text()", namespaces=NS))
    # it should list canonical article URLs with a news publication date
    assert urls and urls <= expected_links(web, outlet, "url")
    assert news.xpath("//n:publication_date/text()", namespaces=NS)


def test_it_announces_feeds_on_homepages_with_link_alternate(web, client):
    outlet, url = main_feed(web, "atom")
    home = client.get(outlet.base_url + "/").text
    # it should point at the feed with <link rel="alternate">
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="{outlet.name_ar}" href="{url}">'
        in home
    )


def test_it_has_one_outlet_with_no_feed_but_section_pages(web, client):
    outlet = next(o for o in web.outlets if o.no_feed)
    home = page_text(client.get(outlet.base_url + "/"), outlet.encoding)
    # it should announce no feed at all
    assert 'rel="alternate"' not in home
    section = outlet.sections[0]
    listing = page_text(client.get(f"{outlet.base_url}/section/{section}/"), outlet.encoding)
    live = [
        e
        for e in web.truth.values()
        if e["outlet"] == outlet.slug and e["status"] == "live" and e["category"] == section
    ]
    # it should link the section's articles from its listing page
    assert live and any(e["url"].removeprefix(outlet.base_url) in listing for e in live)


def test_it_paginates_section_pages(web, client):
    outlet = max(web.outlets, key=lambda o: len(web.site.visible(o.index, o.sections[0])))
    section = outlet.sections[0]
    first = client.get(f"{outlet.base_url}/section/{section}/").text
    if len(web.site.visible(outlet.index, section)) > 20:
        # it should link the next page with rel="next"
        assert 'rel="next"' in first
        assert client.get(f"{outlet.base_url}/section/{section}/?page=2").status_code == 200
    # it should answer 404 past the last page
    assert client.get(f"{outlet.base_url}/section/{section}/?page=99").status_code == 404
