"""What each outlet answers for a path: pages, feeds, robots.txt, redirects (pure of sockets).

`Router.respond(outlet, target)` returns a `Response`; results are cached until the clock moves.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import parse_qsl, urlencode

from . import dates, encodings, feeds, templates
from .blocks import Page
from .outlets import Outlet
from .site import Item, Site

PAGE_SIZE = 20
IGNORED_PARAMS = ("utm_", "fbclid", "gclid", "from", "ref", "_r")


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    last_modified: datetime | None = None
    kind: str = "page"  # page | feed | robots | image | redirect | error

    @functools.cached_property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'


def clean_target(target: str) -> str:
    """The target without tracking parameters (and the redirect-loop marker)."""
    if "?" not in target:
        return target
    path, _, query = target.partition("?")
    kept = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if not k.startswith(IGNORED_PARAMS)
    ]
    return path + ("?" + urlencode(kept) if kept else "")


def png(seed: int) -> bytes:
    """A small solid-colour PNG (8x8) whose colour depends on `seed`."""
    rgb = bytes(((seed * 67) % 256, (seed * 131) % 256, (seed * 29) % 256))
    raw = b"".join(b"\x00" + rgb * 8 for _ in range(8))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def robots_txt(outlet: Outlet) -> str:
    lines = ["User-agent: *"]
    if outlet.robots == "disallow_section":
        section = outlet.sections[0]
        lines += [f"Disallow: /section/{section}/", f"Disallow: /{section}/", "Disallow: /search"]
    elif outlet.robots == "crawl_delay":
        lines += ["Crawl-delay: 2", "Disallow: /admin/"]
    else:
        lines.append("Disallow:")
    if outlet.feed_kind == "sitemap":
        lines.append(f"Sitemap: {outlet.base_url}/sitemap_index.xml")
    return "\n".join(lines) + "\n"


def robots_allows(outlet: Outlet, path: str) -> bool:
    """Whether the outlet's robots.txt lets any crawler fetch `path`."""
    if outlet.robots == "disallow_section":
        section = outlet.sections[0]
        return not path.startswith((f"/section/{section}/", f"/{section}/", "/search"))
    return not (outlet.robots == "crawl_delay" and path.startswith("/admin/"))


def not_found(status: int = 404) -> Response:
    text = "الصفحة غير موجودة" if status == 404 else "تم حذف هذا المقال"
    body = f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{status}</title></head><body><h1>{text}</h1></body></html>'
    return Response(status, body.encode(), kind="error")


def redirect(code: int, location: str) -> Response:
    return Response(code, b"", "text/html", [("Location", location)], kind="redirect")


class Router:
    """Answers for every outlet of a site, cached per clock version."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._cache: dict[tuple[int, str], Response] = {}
        self._version = -1
        self.specs = {o.index: feeds.feed_specs(o) for o in site.outlets}

    def respond(self, outlet: int, target: str) -> Response:
        if self._version != self.site.clock.version:
            self._cache.clear()
            self._version = self.site.clock.version
        key = (outlet, clean_target(target))
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self.route(self.site.outlets[outlet], key[1])
        return cached

    def feed_links(self, outlet: Outlet) -> list[tuple[str, str]]:
        return [
            (outlet.base_url + s.path, s.kind)
            for s in self.specs[outlet.index]
            if s.section is None
        ]

    def route(self, outlet: Outlet, target: str) -> Response:
        path, _, query = target.partition("?")
        if path == "/robots.txt":
            return Response(
                200, robots_txt(outlet).encode(), "text/plain; charset=utf-8", kind="robots"
            )
        if path == "/":
            return self.listing(outlet, None, 1)
        if m := re.fullmatch(r"/section/([\w-]+)/", path):
            return self.section(outlet, m.group(1), query)
        for spec in self.specs[outlet.index]:
            if spec.path == path:
                return self.feed(outlet, spec)
        if m := re.fullmatch(r"/sitemap-(\d{4}-\d{2})\.xml", path):
            return self.archive(outlet, m.group(1))
        if m := re.fullmatch(r"/go/(\d+)", path):
            item = self.site.by_number.get((outlet.index, int(m.group(1))))
            return redirect(outlet.redirect_code, item.url) if item else not_found()
        if m := re.fullmatch(r"/media/(?:ad-)?(\d+)\.png", path):
            return Response(200, png(int(m.group(1))), "image/png", kind="image")
        return self.article(outlet, target)

    def section(self, outlet: Outlet, section: str, query: str) -> Response:
        if section not in outlet.sections:
            return not_found()
        page = dict(parse_qsl(query)).get("page", "1")
        return self.listing(outlet, section, int(page) if page.isdigit() and int(page) > 0 else 1)

    def listing(self, outlet: Outlet, section: str | None, page: int) -> Response:
        items = self.site.visible(outlet.index, section)
        chunk = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        if page > 1 and not chunk:
            return not_found()
        more = section is not None and len(items) > page * PAGE_SIZE
        next_url = f"/section/{section}/?page={page + 1}" if more else None
        title = (
            outlet.name_ar
            if section is None
            else f"{templates.b.label(section, outlet.languages[0])} | {outlet.name_ar}"
        )
        html = templates.listing_page(
            outlet, self.site.clock.now(), title, chunk, self.feed_links(outlet), next_url
        )
        return self.html(outlet, html, newest(chunk, self.site.clock.now()))

    def html(self, outlet: Outlet, html: str, modified: datetime | None) -> Response:
        body = encodings.encode(html, outlet.encoding)
        return Response(200, body, encodings.html_content_type(outlet), last_modified=modified)

    def feed(self, outlet: Outlet, spec: feeds.FeedSpec) -> Response:
        now = self.site.clock.now()
        items = self.site.visible(outlet.index, spec.section)
        if spec.kind == "rss":
            text = feeds.rss(outlet, items, now, spec.full)
        elif spec.kind == "atom":
            text = feeds.atom(outlet, items, now, spec.full)
        elif spec.kind == "json":
            text = feeds.json_feed(outlet, items, now, outlet.base_url + spec.path)
        elif spec.kind == "sitemap":
            text = feeds.news_sitemap(outlet, items, now)
        else:
            text = feeds.sitemap_index(outlet, self.specs[outlet.index], self.months(outlet), now)
        codec = encodings.feed_codec(outlet, spec.kind)
        ctype = encodings.xml_content_type(feeds.CONTENT_TYPES[spec.kind], outlet, codec)
        body = encodings.encode(text, codec)
        return Response(200, body, ctype, cache_headers(outlet), newest(items, now), "feed")

    def months(self, outlet: Outlet) -> list[str]:
        return sorted(
            {f"{i.published:%Y-%m}" for i in self.site.visible(outlet.index)}, reverse=True
        )

    def archive(self, outlet: Outlet, month: str) -> Response:
        items = [i for i in self.site.visible(outlet.index) if f"{i.published:%Y-%m}" == month]
        if not items:
            return not_found()
        body = feeds.archive_sitemap(items).encode()
        return Response(
            200,
            body,
            "application/xml",
            last_modified=newest(items, self.site.clock.now()),
            kind="feed",
        )

    def article(self, outlet: Outlet, target: str) -> Response:
        item = self.site.by_path.get((outlet.index, target))
        if item is None and outlet.url_style == "dated" and not target.endswith("/"):
            if (outlet.index, target + "/") in self.site.by_path:
                return redirect(301, outlet.base_url + target + "/")
        if item is None:
            return not_found()
        status = item.status(self.site.clock.now())
        if status != "live":
            return not_found(item.gone_code if status == "deleted" else 404)
        return self.html(
            outlet,
            templates.render_article(self.page(item)),
            item.version_at(self.site.clock.now()).at,
        )

    def page(self, item: Item) -> Page:
        now = self.site.clock.now()
        same = self.site.visible(item.outlet.index, item.record.category)
        others = [i for i in same if i is not item] or [
            i for i in self.site.visible(item.outlet.index) if i is not item
        ]
        related = others[:4]
        ticker = self.site.visible(item.outlet.index)[:5]
        return Page(
            item.outlet,
            item,
            item.version_at(now),
            now,
            related,
            ticker,
            self.feed_links(item.outlet),
        )


def cache_headers(outlet: Outlet) -> list[tuple[str, str]]:
    """Even outlets ask caches to keep feeds 10 minutes; odd ones say nothing."""
    return [("Cache-Control", "max-age=600")] if outlet.index % 2 == 0 else []


def newest(items: list[Item], now: datetime) -> datetime | None:
    return max((i.version_at(now).at for i in items), default=None)


def error_page(status: int) -> Response:
    body = f"<!DOCTYPE html><html><head><title>{status}</title></head><body><h1>{status}</h1><p>{escape(str(status))}</p></body></html>"
    return Response(status, body.encode(), kind="error")


def http_date(value: datetime) -> str:
    return dates.http_date(value)
