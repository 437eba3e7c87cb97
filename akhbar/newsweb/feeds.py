"""Feeds as outlets publish them: RSS 2.0, Atom, JSON Feed, news sitemaps (pure renderers)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from html import escape

from . import dates
from .outlets import Outlet
from .site import Item, feed_link

FEED_WINDOW = 30  # items per feed
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
CONTENT_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
    "sitemap": "application/xml",
    "sitemap_index": "application/xml",
}


@dataclass(frozen=True)
class FeedSpec:
    """One feed of an outlet: where it lives, its format, its section, full content or not."""

    path: str
    kind: str  # rss | atom | json | sitemap | sitemap_index
    section: str | None = None
    full: bool = False


def feed_specs(outlet: Outlet) -> list[FeedSpec]:
    """The outlet's feeds: a main feed and one per section, with WordPress-style alternates
    (Atom beside RSS, RSS beside JSON Feed); none for feedless outlets."""
    kind, sections = outlet.feed_kind, outlet.sections
    if kind == "rss":
        rss = [FeedSpec("/feed/", "rss")] + [FeedSpec(f"/feed/{s}/", "rss", s) for s in sections]
        return rss + [FeedSpec(spec.path + "atom/", "atom", spec.section) for spec in rss]
    if kind == "rss_full":
        return [FeedSpec("/rss.xml", "rss", None, True)] + [
            FeedSpec(f"/rss/{s}.xml", "rss", s, True) for s in sections
        ]
    if kind == "atom":
        return [FeedSpec("/atom.xml", "atom", None, True)] + [
            FeedSpec(f"/atom/{s}.xml", "atom", s, True) for s in sections
        ]
    if kind == "json":
        json_feeds = [FeedSpec("/feed.json", "json")] + [
            FeedSpec(f"/feed/{s}.json", "json", s) for s in sections
        ]
        return json_feeds + [
            FeedSpec(spec.path.replace(".json", ".xml"), "rss", spec.section) for spec in json_feeds
        ]
    if kind == "sitemap":
        index = [
            FeedSpec("/sitemap_index.xml", "sitemap_index"),
            FeedSpec("/sitemap-news.xml", "sitemap"),
        ]
        return index + [FeedSpec(f"/sitemap-news-{s}.xml", "sitemap", s) for s in sections]
    return []


def xml_head(encoding: str) -> str:
    return f'<?xml version="1.0" encoding="{encoding}"?>\n'


def body_html(item: Item, now: datetime) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in item.version_at(now).paragraphs)


def rss_item(item: Item, now: datetime, full: bool) -> str:
    v = item.version_at(now)
    content = f"<content:encoded>{escape(body_html(item, now))}</content:encoded>" if full else ""
    author = f"<dc:creator>{escape(item.record.author)}</dc:creator>" if item.record.author else ""
    return (
        f"<item><title>{escape(v.title)}</title><link>{escape(feed_link(item))}</link>"
        f'<guid isPermaLink="false">{item.outlet.slug}-{item.number}</guid>'
        f"<pubDate>{dates.rfc822(item.published)}</pubDate><category>{item.record.category}</category>"
        f"<description>{escape(v.lede)}</description>{content}{author}"
        f'<enclosure url="{item.image_url}" type="image/png" length="0"/></item>'
    )


def rss(outlet: Outlet, items: list[Item], now: datetime, full: bool) -> str:
    entries = "".join(rss_item(i, now, full) for i in items[:FEED_WINDOW])
    return (
        xml_head(outlet.encoding)
        + '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{escape(outlet.name_ar)}</title><link>{outlet.base_url}/</link>"
        f"<description>{escape(outlet.name_fr)}</description><language>{outlet.languages[0]}</language>"
        f"<lastBuildDate>{dates.rfc822(now)}</lastBuildDate><ttl>{15 + 15 * (outlet.index % 3)}</ttl>"
        f"{entries}</channel></rss>"
    )


def atom_entry(item: Item, now: datetime, full: bool) -> str:
    v = item.version_at(now)
    content = f'<content type="html">{escape(body_html(item, now))}</content>' if full else ""
    author = (
        f"<author><name>{escape(item.record.author)}</name></author>" if item.record.author else ""
    )
    updated = v.at if v.at > item.published else item.published
    return (
        f'<entry><title>{escape(v.title)}</title><link rel="alternate" href="{escape(feed_link(item))}"/>'
        f"<id>tag:{outlet_tag(item.outlet)},{item.published:%Y}:{item.number}</id>"
        f"<published>{item.published.isoformat()}</published><updated>{updated.isoformat()}</updated>"
        f"<summary>{escape(v.lede)}</summary>{content}{author}</entry>"
    )


def outlet_tag(outlet: Outlet) -> str:
    return f"{outlet.slug}.test"


def atom(outlet: Outlet, items: list[Item], now: datetime, full: bool) -> str:
    entries = "".join(atom_entry(i, now, full) for i in items[:FEED_WINDOW])
    return (
        xml_head(outlet.encoding)
        + f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{outlet.languages[0]}">'
        f"<title>{escape(outlet.name_ar)}</title><id>tag:{outlet_tag(outlet)},2009:feed</id>"
        f'<link rel="alternate" href="{outlet.base_url}/"/><updated>{now.isoformat()}</updated>{entries}</feed>'
    )


def json_feed(outlet: Outlet, items: list[Item], now: datetime, feed_url: str) -> str:
    entries = []
    for item in items[:FEED_WINDOW]:
        v = item.version_at(now)
        entry = {"id": f"{outlet.slug}-{item.number}", "url": feed_link(item), "title": v.title}
        entry |= {"summary": v.lede, "content_text": v.lede, "image": item.image_url}
        entry |= {"date_published": item.published.isoformat(), "tags": [item.record.category]}
        if item.record.author:
            entry["authors"] = [{"name": item.record.author}]
        entries.append(entry)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": outlet.name_ar}
    feed |= {
        "home_page_url": outlet.base_url + "/",
        "feed_url": feed_url,
        "language": outlet.languages[0],
    }
    return json.dumps(feed | {"items": entries}, ensure_ascii=False, indent=1)


def news_sitemap(outlet: Outlet, items: list[Item], now: datetime) -> str:
    urls = "".join(
        f"<url><loc>{escape(i.url)}</loc><news:news><news:publication><news:name>{escape(outlet.name_ar)}</news:name>"
        f"<news:language>{i.record.lang}</news:language></news:publication>"
        f"<news:publication_date>{i.published.isoformat()}</news:publication_date>"
        f"<news:title>{escape(i.version_at(now).title)}</news:title></news:news></url>"
        for i in items[:FEED_WINDOW]
    )
    return xml_head("UTF-8") + f"<urlset {SITEMAP_NS} {NEWS_NS}>{urls}</urlset>"


def archive_sitemap(items: list[Item]) -> str:
    urls = "".join(
        f"<url><loc>{escape(i.url)}</loc><lastmod>{i.published.isoformat()}</lastmod></url>"
        for i in items
    )
    return xml_head("UTF-8") + f"<urlset {SITEMAP_NS}>{urls}</urlset>"


def sitemap_index(outlet: Outlet, specs: list[FeedSpec], months: list[str], now: datetime) -> str:
    """The index: the news sitemaps and one archive sitemap per month."""
    paths = [s.path for s in specs if s.kind == "sitemap"] + [f"/sitemap-{m}.xml" for m in months]
    rows = "".join(
        f"<sitemap><loc>{outlet.base_url}{p}</loc><lastmod>{now.isoformat()}</lastmod></sitemap>"
        for p in paths
    )
    return xml_head("UTF-8") + f"<sitemapindex {SITEMAP_NS}>{rows}</sitemapindex>"
