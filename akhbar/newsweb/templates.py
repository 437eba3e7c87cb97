"""Six article templates modelled on Arab news sites, plus homepages and section listings.

Pure functions: a `Page` in, an HTML string out. The templates differ where extractors
stumble: `<article>` or nested `div`s only; the lede as `<h2>`, subtitle, bold first
paragraph or only in `<meta name="description">`; ISO dates in meta or only visible text.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape

from . import blocks as b
from . import dates
from .blocks import Page
from .outlets import Outlet
from .site import Item


def head(page: Page, http_equiv: bool = False, description: bool = False) -> str:
    """`<head>`: charset, title, canonical, autodiscovery, meta description, ISO meta dates."""
    outlet, version, item = page.outlet, page.version, page.item
    parts = [
        b.charset_meta(outlet, http_equiv),
        f"<title>{escape(version.title)} | {escape(outlet.name_ar)}</title>",
        f'<link rel="canonical" href="{escape(item.url)}">',
        b.alternate_links(page.feeds, outlet.name_ar),
        f'<meta property="og:image" content="{item.image_url}">',
    ]
    if description:
        parts.append(f'<meta name="description" content="{escape(version.lede)}">')
    if outlet.date_style == "iso_meta":
        parts.append(
            f'<meta property="article:published_time" content="{item.published.isoformat()}">'
        )
    return "<head>" + "\n".join(p for p in parts if p) + "</head>"


def document(page: Page, head_html: str, body: str) -> str:
    return html_document(page.item.record.lang, head_html, body)


def html_document(lang: str, head_html: str, body: str) -> str:
    direction = "ltr" if lang == "fr" else "rtl"
    return f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n{head_html}\n<body>\n{body}\n</body>\n</html>\n'


def chrome_top(page: Page) -> str:
    return chrome(page.outlet, page.now, page.lang, page.ticker)


def chrome(outlet: Outlet, now: datetime, lang: str, ticker: list) -> str:
    """What every page of an outlet starts with: date bar, logo, sections, ticker."""
    return (
        b.topbar(now, lang)
        + f'<header><a class="logo" href="/">{escape(outlet.name_ar)}</a></header>'
        + b.nav(outlet, lang)
        + b.ticker(ticker, lang)
    )


def sahel(page: Page) -> str:
    """An Algerian daily: `<article>`, lede as a `<h2>` subtitle, byline and date under it."""
    v, item = page.version, page.item
    body = (
        f'{chrome_top(page)}{b.ad(1, page.lang)}<main><article class="post">'
        f'<div class="cat"><a href="/section/{item.record.category}/">{b.label(item.record.category, page.lang)}</a></div>'
        f'<h1>{escape(v.title)}</h1><h2 class="subtitle">{escape(v.lede)}</h2>'
        f'<div class="meta">{b.byline(item)} {b.date_text(page)}</div>{b.figure(item, page.lang)}'
        f'<div class="post-content">{b.paragraphs(v)}</div>{b.share(item.url, page.lang)}</article>'
        f"{b.related(page.related, page.lang)}{b.comments(page.lang)}</main>{b.footer(page.outlet, page.now, page.lang)}{b.cookie_banner(page.lang)}"
    )
    return document(page, head(page), body)


def atlas(page: Page) -> str:
    """Nested `div`s only, lede as a bold first paragraph, date in the meta line."""
    v, item = page.version, page.item
    body = (
        f'{chrome_top(page)}<div id="wrapper"><div class="row"><div class="col-main"><div class="news">'
        f'<div class="news-head"><div class="title"><h1>{escape(v.title)}</h1></div>'
        f'<div class="infos">{b.date_text(page)} {b.byline(item)}</div></div>{b.figure(item, page.lang)}'
        f'<div class="news-text"><div class="inner"><p><strong>{escape(v.lede)}</strong></p>{b.paragraphs(v)}</div></div>'
        f'</div>{b.share(item.url, page.lang)}{b.comments(page.lang)}</div><div class="col-side">{b.ad(2, page.lang)}{b.related(page.related, page.lang, "most_read")}</div></div></div>'
        f"{b.footer(page.outlet, page.now, page.lang)}"
    )
    return document(page, head(page, http_equiv=True), body)


def wire(page: Page) -> str:
    """A news agency: `<article>`, the lede only in meta description, related block inside."""
    v, item = page.version, page.item
    body = (
        f"{chrome_top(page)}<main><article>"
        f'<header><h1 class="entry-title">{escape(v.title)}</h1><div class="entry-meta">{b.date_text(page)}</div></header>'
        f'{b.figure(item, page.lang, "(APS)" if page.lang == "fr" else "(واج)")}<div class="entry-content">{b.paragraphs(v)}</div>'
        f"{b.related(page.related, page.lang)}</article></main>"
        f"{b.footer(page.outlet, page.now, page.lang)}{b.cookie_banner(page.lang)}"
    )
    return document(page, head(page, description=True), body)


def levant(page: Page) -> str:
    """A Levantine portal: lede as a subtitle paragraph, body in nested divs, tags, related."""
    v, item = page.version, page.item
    tags = f'<div class="tags"><span>{b.word(page.lang, "tags")}</span><a href="/tag/1">{b.label(item.record.category, page.lang)}</a></div>'
    body = (
        f'{chrome_top(page)}<div class="container"><div class="article-page"><h1 class="headline">{escape(v.title)}</h1>'
        f'<p class="lead">{escape(v.lede)}</p><div class="article-info">{b.byline(item)}{b.date_text(page)}</div>'
        f'{b.figure(item, page.lang)}<div class="article-body"><div class="body-text">{b.paragraphs(v)}</div></div>{tags}'
        f"{b.share(item.url, page.lang)}{b.related(page.related, page.lang, 'related')}{b.ad(3, page.lang)}</div></div>"
        f"{b.comments(page.lang)}{b.footer(page.outlet, page.now, page.lang)}"
    )
    return document(page, head(page), body)


def json_ld(page: Page) -> str:
    """schema.org NewsArticle; it carries datePublished only on ISO-meta outlets."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.version.title,
    }
    if page.outlet.date_style == "iso_meta":
        data["datePublished"] = page.item.published.isoformat()
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def gulf(page: Page) -> str:
    """A Gulf daily: schema.org `<article>`, lede as `<h2>` and meta description, JSON-LD."""
    v, item = page.version, page.item
    body = (
        f'{chrome_top(page)}{b.ad(1, page.lang)}<main><article itemscope itemtype="https://schema.org/NewsArticle">'
        f'<h1 itemprop="headline">{escape(v.title)}</h1><h2>{escape(v.lede)}</h2>'
        f'<div class="byline-row">{b.byline(item)} {b.date_text(page)}</div>{b.figure(item, page.lang)}'
        f'<div itemprop="articleBody">{b.paragraphs(v)}</div></article>{b.share(item.url, page.lang)}'
        f"{b.related(page.related, page.lang)}{b.comments(page.lang)}</main>{b.footer(page.outlet, page.now, page.lang)}{json_ld(page)}"
    )
    return document(page, head(page, description=True), body)


def nile(page: Page) -> str:
    """An Egyptian portal: nested divs, lede as a bold brief, Arabic-Indic dates, many ads."""
    v, item = page.version, page.item
    body = (
        f'{chrome_top(page)}{b.ad(1, page.lang)}<div class="page"><div class="right"><div class="details">'
        f'<div class="details-title"><h1>{escape(v.title)}</h1></div><div class="time">{b.date_text(page)}</div>'
        f'<div class="brief"><b>{escape(v.lede)}</b></div>{b.ad(2, page.lang)}{b.figure(item, page.lang)}'
        f'<div class="details-body">{b.paragraphs(v, "p")}</div>{b.byline(item)}</div>{b.share(item.url, page.lang)}{b.comments(page.lang)}</div>'
        f'<div class="left">{b.related(page.related, page.lang)}{b.ad(3, page.lang)}</div></div>'
        f"{b.footer(page.outlet, page.now, page.lang)}{b.cookie_banner(page.lang)}"
    )
    return document(page, head(page), body)


ARTICLE_TEMPLATES = {
    "sahel": sahel,
    "atlas": atlas,
    "wire": wire,
    "levant": levant,
    "gulf": gulf,
    "nile": nile,
}


def render_article(page: Page) -> str:
    return ARTICLE_TEMPLATES[page.outlet.template](page)


def listing(items: list[Item], now: datetime) -> str:
    rows = "".join(
        f'<li><a href="{escape(i.path)}">{escape(i.version_at(now).title)}</a>'
        f' <span class="date">{dates.short_date(i.published)}</span></li>'
        for i in items
    )
    return f'<ul class="news-list">{rows}</ul>'


def listing_page(
    outlet: Outlet,
    now: datetime,
    title: str,
    items: list[Item],
    feeds: list[tuple[str, str]],
    next_url: str | None,
) -> str:
    """A homepage or a section page: nav, ticker, the list of latest articles, pager, footer."""
    lang = outlet.languages[0]
    meta = b.charset_meta(outlet)
    next_text = b.word(lang, "next")
    pager = (
        f'<a rel="next" class="next" href="{escape(next_url)}">{next_text}</a>' if next_url else ""
    )
    alternates = b.alternate_links(feeds, outlet.name_ar)
    head_html = f"<head>{meta}<title>{escape(title)}</title>{alternates}</head>"
    body = (
        f"{chrome(outlet, now, lang, items[:5])}<main><h1>{escape(title)}</h1>"
        f"{listing(items, now)}{pager}</main>{b.footer(outlet, now, lang)}"
    )
    return html_document(lang, head_html, body)
