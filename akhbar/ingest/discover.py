"""Finding an outlet's feeds from its homepage (pure: the caller fetches).

`discover_feeds` reads `<link rel="alternate">` autodiscovery links; `candidate_feed_urls` lists
the well-known places to try when a page declares none, most likely first; `find_canonical`
reads an article page's own idea of its address (rel=canonical, og:url).
"""

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree, html

from akhbar.text.urls import same_site

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/rdf+xml": "rdf",
    "application/feed+json": "jsonfeed",
    "application/json": "jsonfeed",
    "application/x.atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "text/xml": "rss",
    "application/xml": "rss",
}

# Tried in this order: feeds first (they carry dates and summaries), then news sitemaps, then
# the general sitemap (large, often without dates).
WELL_KNOWN_FEED_PATHS = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feed/rss",
    "/rss/all",
    "/feeds/posts/default",
    "/?feed=rss2",
    "/sitemap_news.xml",
    "/news-sitemap.xml",
    "/sitemap-news.xml",
    "/sitemap.xml",
)


def discover_feeds(base_url: str, page: str) -> list[tuple[str, str]]:
    """The (url, kind) feeds a page links to with rel="alternate", in page order, no repeats."""
    root = html_root(page)
    return feeds_in(base_url, root) if root is not None else []


def feeds_in(base_url: str, root) -> list[tuple[str, str]]:
    """`discover_feeds` on a page already parsed by `html_root`."""
    base = document_base(base_url, root)
    found: dict[str, str] = {}
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = FEED_TYPES.get((link.get("type") or "").split(";")[0].strip().lower())
        href = (link.get("href") or "").strip()
        if "alternate" in rels and kind and href:
            found.setdefault(urljoin(base, href), kind)
    return [(url, kind) for url, kind in found.items() if url.startswith(("http://", "https://"))]


def find_canonical(base_url: str, page: str) -> str | None:
    """The page's `<link rel="canonical">` (else its `og:url`), absolute, when it names an
    http(s) URL of the same site; None otherwise (a canonical pointing to another site is
    a syndication credit or a mistake, not this article's address).
    """
    root = html_root(page)
    return canonical_in(base_url, root) if root is not None else None


def canonical_in(base_url: str, root) -> str | None:
    """`find_canonical` on a page already parsed (the pipeline parses each page once)."""
    base = document_base(base_url, root)
    for href in _canonical_candidates(root):
        url = urljoin(base, href.strip())
        if url.startswith(("http://", "https://")) and same_site(url, base_url):
            return url.split("#", 1)[0]
    return None


def _canonical_candidates(root) -> list[str]:
    links = [
        link.get("href") or ""
        for link in root.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    metas = [
        meta.get("content") or ""
        for meta in root.iter("meta")
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url"
    ]
    return [href for href in links + metas if href.strip()]


def candidate_feed_urls(homepage: str) -> list[str]:
    """Well-known feed locations for a homepage: under its path (`/ar/feed`), then the root."""
    parts = urlsplit(homepage)
    origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    prefixes = [origin]
    section = parts.path.rstrip("/")
    if section:
        prefixes.insert(0, origin + section)
    urls = [prefix + path for prefix in prefixes for path in WELL_KNOWN_FEED_PATHS]
    return list(dict.fromkeys(urls))


def html_root(page: str):
    """The lxml root of an HTML page, or None when there is nothing to parse."""
    # lxml refuses a str that carries an XML encoding declaration (XHTML pages do).
    page = _XML_DECLARATION.sub("", page, count=1)
    if not page.strip():
        return None
    try:
        return html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return None


def document_base(base_url: str, root) -> str:
    """`<base href>` when the page has one, resolved against the URL it came from."""
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(base_url, href)
    return base_url
