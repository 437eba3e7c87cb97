"""HTML blocks that surround the article on news sites (pure; boilerplate an extractor drops).

All visible wording here is written for the simulation, in the style of Arab news sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from . import dates
from .outlets import Outlet
from .site import Item, Version
from .wording import COMMENTS, WORDS, section_label, word

REPORT_NOTICE = WORDS["ar"]["reported"]
FEED_MIME = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


@dataclass
class Page:
    """Everything a template needs to render one article page."""

    outlet: Outlet
    item: Item
    version: Version
    now: datetime
    related: list[Item]
    ticker: list[Item]
    feeds: list[tuple[str, str]]  # (url, kind)

    @property
    def lang(self) -> str:
        return self.item.record.lang


def label(section: str, lang: str = "ar") -> str:
    return section_label(lang, section)


def charset_meta(outlet: Outlet, http_equiv: bool = False) -> str:
    """The `<meta>` charset declaration, when the outlet declares one in the page."""
    if outlet.charset_decl not in ("header", "meta"):
        return ""
    if http_equiv:
        return f'<meta http-equiv="Content-Type" content="text/html; charset={outlet.encoding}">'
    return f'<meta charset="{outlet.encoding}">'


def alternate_links(feeds: list[tuple[str, str]], title: str) -> str:
    """`<link rel="alternate">` autodiscovery for the outlet's feeds."""
    links = [
        f'<link rel="alternate" type="{FEED_MIME[kind]}" title="{escape(title)}" href="{escape(url)}">'
        for url, kind in feeds
        if kind in FEED_MIME
    ]
    return "\n".join(links)


def nav(outlet: Outlet, lang: str) -> str:
    items = "".join(
        f'<li><a href="/section/{s}/">{label(s, lang)}</a></li>' for s in outlet.sections
    )
    home, contact = word(lang, "home"), word(lang, "contact")
    return (
        f'<nav class="main-menu"><ul><li><a href="/">{home}</a></li>{items}'
        f'<li><a href="/contact">{contact}</a></li></ul></nav>'
    )


def topbar(now: datetime, lang: str) -> str:
    """Today's date in the header: a misleading date for extractors."""
    today = dates.format_date("maghrebi", now, lang).rsplit(" ", 2)[0]
    return f'<div class="topbar"><span class="today">{today}</span></div>'


def ticker(items: list[Item], lang: str) -> str:
    heads = "".join(
        f'<li><a href="{escape(i.path)}">{escape(i.versions[0].title)}</a></li>' for i in items
    )
    latest = word(lang, "latest")
    return f'<div class="ticker"><span class="ticker-label">{latest}</span><ul>{heads}</ul></div>'


def related(items: list[Item], lang: str, heading: str = "read_also") -> str:
    rows = "".join(
        f'<li><a href="{escape(i.path)}">{escape(i.versions[0].title)}</a>'
        f' <span class="date">{dates.short_date(i.published)}</span></li>'
        for i in items
    )
    return f'<aside class="related"><h3>{word(lang, heading)}</h3><ul>{rows}</ul></aside>'


def share(url: str, lang: str) -> str:
    target = escape(url)
    names = ("Facebook", "Twitter", "WhatsApp") if lang == "fr" else ("فيسبوك", "تويتر", "واتساب")
    return (
        f'<div class="share"><span>{word(lang, "share")}</span>'
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={target}">{names[0]}</a>'
        f'<a href="https://twitter.com/intent/tweet?url={target}">{names[1]}</a>'
        f'<a href="https://wa.me/?text={target}">{names[2]}</a></div>'
    )


def comments(lang: str) -> str:
    rows = "".join(
        f'<div class="comment"><b>{n}</b><p>{escape(t)}</p></div>'
        for n, t in COMMENTS["fr" if lang == "fr" else "ar"]
    )
    return (
        f'<section class="comments"><h3>{word(lang, "comments")}</h3>'
        f'<p class="policy">{escape(word(lang, "policy"))}</p>'
        '<form method="post" action="/comment"><textarea name="c"></textarea>'
        f"<button>{word(lang, 'send')}</button></form>{rows}</section>"
    )


def figure(item: Item, lang: str, caption: str | None = None) -> str:
    text = escape(caption or word(lang, "caption"))
    return (
        f'<figure class="main-image"><img src="{item.image_url}" alt="{escape(item.versions[0].title)}">'
        f"<figcaption>{text}</figcaption>"
        f'<button class="report-image">{escape(word(lang, "report"))}</button>'
        f'<div class="report-notice" hidden>{escape(word(lang, "reported"))}</div></figure>'
    )


def cookie_banner(lang: str) -> str:
    text, agree = escape(word(lang, "cookie")), escape(word(lang, "agree"))
    return f'<div id="cookie-consent" class="cookie">{text} <button>{agree}</button></div>'


def ad(slot: int, lang: str) -> str:
    return (
        f'<div class="ad ad-{slot}"><span>{word(lang, "ad")}</span><a href="/ads/click?slot={slot}" '
        f'rel="nofollow"><img src="/media/ad-{slot}.png" alt=""></a></div>'
    )


def footer(outlet: Outlet, now: datetime, lang: str) -> str:
    """Footer with a copyright year: another misleading date."""
    name = outlet.name_fr if lang == "fr" else outlet.name_ar
    return (
        f'<footer class="site-footer"><ul><li><a href="/about">{escape(word(lang, "about"))}</a></li>'
        f'<li><a href="/privacy">{word(lang, "privacy")}</a></li></ul>'
        f"<p>{word(lang, 'rights')} © 2009 - {now.year} {escape(name)}</p></footer>"
    )


def paragraphs(version: Version, tag: str = "p") -> str:
    return "".join(f"<{tag}>{escape(p)}</{tag}>" for p in version.paragraphs)


def byline(item: Item) -> str:
    """`بقلم: NAME` / `Par NAME`; agency credits like "(واج)" are shown as they are."""
    author = item.record.author
    if not author or author in ("واج", "APS"):
        return ""
    if author.startswith("("):
        return f'<span class="agency">{escape(author)}</span>'
    return f'<span class="byline">{word(item.record.lang, "by")} {escape(author)}</span>'


def date_text(page: Page) -> str:
    """The article's date as this outlet shows it (relative when recent on some outlets)."""
    outlet, published = page.outlet, page.item.published
    if outlet.date_style in ("maghrebi", "levantine") and page.lang != "fr":
        recent = dates.relative_ar(published, page.now.astimezone(published.tzinfo))
        if recent:
            return f'<span class="date">{recent}</span>'
    text = escape(dates.format_date(outlet.date_style, published, page.lang))
    if outlet.date_style == "iso_meta":
        return f'<time class="date" datetime="{published.isoformat()}">{text}</time>'
    return f'<span class="date">{text}</span>'
