"""Feed bytes to entries: RSS, Atom, RDF, JSON Feed, news sitemaps and listing pages (pure).

`parse_feed(base_url, content, content_type)` sniffs the real format from the bytes (outlets
serve RSS as text/html and HTML as application/rss+xml), decodes them with
`akhbar.text.encoding`, and returns a `ParsedFeed`. Relative URLs are resolved against
`base_url` (the final URL after redirects). Entries without an http(s) URL are dropped.

- RSS/Atom/RDF go through feedparser, fed our decoded text re-encoded as utf-8 (feedparser's
  own charset guessing is what we replace). Malformed XML that still yields entries (feedparser's
  "bozo" flag) is accepted, with the complaint in `ParsedFeed.malformed` so the caller can
  record it on the feed; malformed XML without entries raises ParseError. Sitemaps likewise.
- JSON Feed 1.0/1.1 is read with `json`.
- Sitemaps (`<urlset>`, with Google News `news:publication_date`/`news:title`) and sitemap
  indexes (`<sitemapindex>`, children in `ParsedFeed.sitemaps`) are read with lxml, entities
  unresolved, no network, no huge trees.
- An HTML page gives kind "html": its autodiscovered feeds in `feed_links` and the article
  links of the page (`parse_listing`) as entries.

`FeedEntry.summary` is plain text; `FeedEntry.content` keeps the feed's (sanitized) HTML.
Dates are aware UTC datetimes; a date feedparser cannot read (Arabic month names) is read by
`akhbar.text.dates.parse_date`, which takes a date without offset as Algiers time.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
from lxml import etree

from akhbar.ingest.discover import document_base, feeds_in, html_root
from akhbar.text.dates import parse_date
from akhbar.text.encoding import decode_html, decode_xml
from akhbar.text.urls import canonicalize_url, same_site

FEEDPARSER_KINDS = {"atom": "atom", "rss09": "rdf", "rss10": "rdf", "rss": "rss", "cdf": "rss"}
SNIFF_CHARS = 2048
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
SY_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 604800, "monthly": 2592000}

_ROOT_TAG = re.compile(r"<(?![?!])([\w:.-]+)")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


class ParseError(Exception):
    """The bytes are not a feed we can read; str() starts with "parse: "."""


@dataclass
class FeedEntry:
    url: str
    title: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    content: str = ""
    author: str = ""
    categories: tuple[str, ...] = ()
    image: str = ""


@dataclass
class ParsedFeed:
    kind: str  # "rss", "atom", "rdf", "jsonfeed", "sitemap", "sitemapindex" or "html"
    title: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    ttl_seconds: int | None = None
    sitemaps: list[str] = field(default_factory=list)
    feed_links: list[tuple[str, str]] = field(default_factory=list)
    # Not well-formed, but entries were recovered: the parser's complaint, else "".
    malformed: str = ""


def parse_feed(base_url: str, content: bytes, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed, sitemap or listing page, whatever its declared content type."""
    if not content.strip().lstrip(b"\xef\xbb\xbf").strip():
        raise ParseError(f"parse: empty body from {base_url}")
    kind = sniff(content)
    if kind == "json":
        return parse_json_feed(base_url, content)
    if kind == "html":
        return parse_html_feed(base_url, decode_html(content, content_type)[0])
    text, _ = decode_xml(content, content_type)
    if kind in ("urlset", "sitemapindex"):
        return parse_sitemap(base_url, text)
    return parse_xml_feed(base_url, text)


def sniff(content: bytes) -> str:
    """The format the bytes hold: json, html, urlset, sitemapindex or xml (anything else)."""
    head = content[: SNIFF_CHARS * 2].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return "json"
    lowered = head.lower()
    if lowered.startswith("<!doctype html"):
        return "html"
    root = _ROOT_TAG.search(_skip_comments(head))
    name = root.group(1).lower().rsplit(":", 1)[-1] if root else ""
    if name in ("html", "head", "body"):
        return "html"
    return name if name in ("urlset", "sitemapindex") else "xml"


def _skip_comments(head: str) -> str:
    return re.sub(r"<!--.*?-->", "", head, flags=re.S)


# --- RSS, Atom, RDF --------------------------------------------------------------------------


def parse_xml_feed(base_url: str, text: str) -> ParsedFeed:
    """RSS, Atom or RDF through feedparser; bozo feeds are kept when they yield entries."""
    # Feed feedparser utf-8 bytes and say so: the declaration still names the original codec.
    data = _XML_DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    headers = {"content-type": "application/xml; charset=utf-8", "content-location": base_url}
    parsed = feedparser.parse(data.encode("utf-8"), response_headers=headers)
    entries = [_feedparser_entry(base_url, item) for item in parsed.entries]
    entries = [entry for entry in entries if entry is not None]
    # A well-formed feed may be empty; a broken one must at least yield entries.
    if not entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no feed found"
        raise ParseError(f"parse: not a readable feed at {base_url}: {reason}")
    return ParsedFeed(
        kind=_feedparser_kind(parsed.get("version", "")),
        title=_plain(parsed.feed.get("title", "")),
        entries=entries,
        ttl_seconds=_ttl_seconds(parsed.feed),
        malformed=str(parsed.get("bozo_exception", "")) if parsed.bozo else "",
    )


def _feedparser_kind(version: str) -> str:
    for prefix, kind in FEEDPARSER_KINDS.items():
        if (version or "").startswith(prefix):
            return kind
    return "rss"


def _feedparser_entry(base_url: str, item) -> FeedEntry | None:
    url = _http_url(base_url, item.get("link") or _guid_link(item))
    if url is None:
        return None
    content = item.get("content") or [{}]
    summary_html = item.get("summary", "")
    return FeedEntry(
        url=url,
        title=_plain(item.get("title", "")),
        # RSS 1.0's dc:date and Atom's lone <updated> are the only date some feeds give.
        published=_entry_date(item, "published")
        or _entry_date(item, "created")
        or _entry_date(item, "updated"),
        updated=_entry_date(item, "updated"),
        summary=_plain(summary_html),
        content=content[0].get("value", ""),
        author=_plain(item.get("author", "")),
        categories=tuple(tag.term for tag in item.get("tags", []) if tag.get("term")),
        image=_entry_image(base_url, item, summary_html + content[0].get("value", "")),
    )


def _guid_link(item) -> str:
    guid = item.get("id", "")
    return guid if guid.startswith(("http://", "https://")) else ""


def _entry_date(item, name: str) -> datetime | None:
    # dict.get, not item.get: feedparser answers "updated" with "published" when it is absent.
    parsed = dict.get(item, f"{name}_parsed")
    if parsed:
        return datetime(*parsed[:6], tzinfo=UTC)
    return _read_date(dict.get(item, name, ""))


def _entry_image(base_url: str, item, html: str) -> str:
    candidates = [media.get("url") for media in item.get("media_content", [])]
    candidates += [thumb.get("url") for thumb in item.get("media_thumbnail", [])]
    candidates += [
        link.get("href")
        for link in item.get("links", [])
        if link.get("rel") == "enclosure" and (link.get("type") or "").startswith("image/")
    ]
    found = re.search(r"<img[^>]+src=[\"']([^\"']+)", html or "")
    candidates.append(found.group(1) if found else None)
    urls = [_http_url(base_url, candidate) for candidate in candidates if candidate]
    return next((url for url in urls if url), "")


def _ttl_seconds(feed) -> int | None:
    """RSS <ttl> (minutes), else the syndication module's updatePeriod/updateFrequency."""
    ttl = str(feed.get("ttl", "")).strip()
    if ttl.isdigit() and int(ttl) > 0:
        return int(ttl) * 60
    period = SY_PERIODS.get(str(feed.get("sy_updateperiod", "")).strip().lower())
    frequency = str(feed.get("sy_updatefrequency", "1")).strip()
    if period and frequency.isdigit() and int(frequency) > 0:
        return period // int(frequency)
    return None


# --- JSON Feed -------------------------------------------------------------------------------


def parse_json_feed(base_url: str, content: bytes) -> ParsedFeed:
    """JSON Feed 1.0 or 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        document = json.loads(content.decode("utf-8-sig", errors="replace"))
    except ValueError as error:
        raise ParseError(f"parse: invalid JSON at {base_url}: {error}") from error
    version = document.get("version", "") if isinstance(document, dict) else ""
    if "jsonfeed.org" not in str(version) or not isinstance(document.get("items"), list):
        raise ParseError(f"parse: JSON at {base_url} is not a JSON Feed")
    entries = [_json_entry(base_url, item) for item in document["items"] if isinstance(item, dict)]
    return ParsedFeed(
        kind="jsonfeed",
        title=_plain(str(document.get("title", ""))),
        entries=[entry for entry in entries if entry is not None],
    )


def _id_link(item: dict) -> str:
    """A JSON Feed id is opaque; it may stand in for the URL only when it is one."""
    link = str(item.get("id") or "")
    return link if link.startswith(("http://", "https://")) else ""


def _json_entry(base_url: str, item: dict) -> FeedEntry | None:
    url = _http_url(base_url, item.get("url") or item.get("external_url") or _id_link(item))
    if url is None:
        return None
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    content_html = str(item.get("content_html") or "")
    return FeedEntry(
        url=url,
        title=_plain(str(item.get("title") or "")),
        published=_read_date(str(item.get("date_published") or "")),
        updated=_read_date(str(item.get("date_modified") or "")),
        summary=_plain(str(item.get("summary") or item.get("content_text") or "")),
        content=content_html or str(item.get("content_text") or ""),
        author=", ".join(
            str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")
        ),
        categories=tuple(str(tag) for tag in item.get("tags") or [] if tag),
        image=_http_url(base_url, item.get("image") or item.get("banner_image") or "") or "",
    )


# --- Sitemaps --------------------------------------------------------------------------------


def parse_sitemap(base_url: str, text: str) -> ParsedFeed:
    """A (news) sitemap `<urlset>` or a `<sitemapindex>`; lxml, no entities, no network."""
    root, malformed = _xml_root(base_url, text)
    if etree.QName(root).localname == "sitemapindex":
        locations = [_http_url(base_url, loc) for loc in _texts(root, "sitemap", "loc")]
        sitemaps = [url for url in locations if url]
        feed = ParsedFeed(kind="sitemapindex", sitemaps=sitemaps, malformed=malformed)
    else:
        nodes = root.iter(f"{{{SITEMAP_NS}}}url", "url")
        entries = [_sitemap_entry(base_url, node) for node in nodes]
        entries = [entry for entry in entries if entry is not None]
        feed = ParsedFeed(kind="sitemap", entries=entries, malformed=malformed)
    # As with feeds: a broken sitemap must at least yield URLs.
    if malformed and not feed.entries and not feed.sitemaps:
        raise ParseError(f"parse: malformed sitemap at {base_url}: {malformed}")
    return feed


def _xml_root(base_url: str, text: str) -> tuple[etree._Element, str]:
    """The root element, recovered if need be, and the first error met ("" if none)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    data = _XML_DECLARATION.sub("", text, count=1).encode("utf-8")
    root = etree.fromstring(data, parser)
    if root is None:
        raise ParseError(f"parse: sitemap at {base_url} is not XML")
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    return root, (f"line {errors[0].line}: {errors[0].message}" if errors else "")


def _texts(root: etree._Element, parent: str, child: str) -> list[str]:
    paths = (f"{{{SITEMAP_NS}}}{parent}/{{{SITEMAP_NS}}}{child}", f"{parent}/{child}")
    return [(node.text or "").strip() for path in paths for node in root.iterfind(path)]


def _sitemap_entry(base_url: str, node: etree._Element) -> FeedEntry | None:
    url = _http_url(base_url, _child_text(node, SITEMAP_NS, "loc"))
    if url is None:
        return None
    news = node.find(f"{{{NEWS_NS}}}news")
    lastmod = _read_date(_child_text(node, SITEMAP_NS, "lastmod"))
    published = (
        _read_date(_child_text(news, NEWS_NS, "publication_date")) if news is not None else None
    )
    image = node.find(f"{{{IMAGE_NS}}}image")
    return FeedEntry(
        url=url,
        title=_child_text(news, NEWS_NS, "title") if news is not None else "",
        published=published or lastmod,
        updated=lastmod,
        categories=_keywords(news),
        image=(_http_url(base_url, _child_text(image, IMAGE_NS, "loc")) or "")
        if image is not None
        else "",
    )


def _child_text(node: etree._Element | None, namespace: str, name: str) -> str:
    if node is None:
        return ""
    child = node.find(f"{{{namespace}}}{name}")
    if child is None:
        child = node.find(name)  # sitemaps written without their namespace
    return (child.text or "").strip() if child is not None else ""


def _keywords(news: etree._Element | None) -> tuple[str, ...]:
    text = _child_text(news, NEWS_NS, "keywords")
    return tuple(word.strip() for word in text.split(",") if word.strip())


# --- HTML pages given as feeds, and listing pages --------------------------------------------

NON_ARTICLE_SEGMENTS = frozenset(
    "tag tags category categories author authors page search login register contact about "
    "feed rss sitemap wp-admin wp-login user users account privacy terms subscribe".split()
)
NON_ARTICLE_EXTENSIONS = (
    ".xml",
    ".rss",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".pdf",
    ".mp3",
    ".mp4",
    ".zip",
    ".css",
    ".js",
    ".svg",
    ".ico",
)
BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|header|breadcrumbs?|social|share|sharing|"
    r"pagination|pager|topbar|masthead|copyright|cookie)($|[\s_-])",
    re.I,
)
MIN_SLUG_CHARS = 20
MIN_SLUG_WORDS = 3
MIN_ID_DIGITS = 4
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/[01]?\d/(?:[0-3]?\d/)?[^/]+")  # /2026/11/28/slug


def parse_html_feed(base_url: str, page: str) -> ParsedFeed:
    """An HTML page served where a feed was expected: its feed links and its article links."""
    root = html_root(page)
    if root is None:
        return ParsedFeed(kind="html")
    return ParsedFeed(
        kind="html",
        title=_plain(root.findtext(".//title") or ""),
        entries=listing_in(base_url, root),
        feed_links=feeds_in(base_url, root),
    )


def parse_listing(base_url: str, html: str) -> list[FeedEntry]:
    """Article links of a section or listing page, in page order, without repeats.

    Kept: links to the page's own site whose path looks like an article (a date then a slug,
    a numeric id of 4+ digits, or a slug of 3+ words or 20+ characters), outside nav, header,
    footer, aside and blocks whose class or id names a menu, footer, breadcrumb, share bar or
    pager.
    """
    root = html_root(html)
    return listing_in(base_url, root) if root is not None else []


def listing_in(base_url: str, root) -> list[FeedEntry]:
    """`parse_listing` on a page already parsed by `html_root`."""
    itself = canonicalize_url(base_url)
    entries: dict[str, FeedEntry] = {}
    for url, title in _article_links(base_url, root):
        canonical = canonicalize_url(url)
        if canonical == itself:
            continue  # the page's own link (an article page listing itself)
        entry = entries.setdefault(canonical, FeedEntry(url=url, title=title))
        if len(title) > len(entry.title):
            entry.title = title  # the headline link, not the "read more" or image link
    return list(entries.values())


def _article_links(base_url: str, root) -> Iterator[tuple[str, str]]:
    """(url, text) of each same-site link that looks like an article, outside boilerplate."""
    base = document_base(base_url, root)
    for anchor in root.iter("a"):
        url = _http_url(base, anchor.get("href") or "")
        if url is None or not same_site(url, base_url) or not looks_like_article(url):
            continue
        if not _in_boilerplate(anchor):
            yield url, _plain(anchor.text_content()) or _plain(anchor.get("title") or "")


def looks_like_article(url: str) -> bool:
    """True when a URL path looks like one article, not a section, tag or file."""
    path = urlsplit(url).path
    lowered = path.lower()
    segments = [segment for segment in lowered.split("/") if segment]
    if not segments or lowered.endswith(NON_ARTICLE_EXTENSIONS):
        return False
    if NON_ARTICLE_SEGMENTS.intersection(segments):
        return False
    if _DATED_PATH.search(lowered):
        return True
    return any(_is_id(segment) or _is_slug(segment) for segment in segments)


def _is_id(segment: str) -> bool:
    digits = re.findall(r"\d+", segment)
    longest = max((len(run) for run in digits), default=0)
    # A year (2024) alone is a date archive, not an id.
    return longest >= MIN_ID_DIGITS and not re.fullmatch(r"(19|20)\d\d", segment)


def _is_slug(segment: str) -> bool:
    segment = re.sub(r"\.html?$", "", unquote(segment))
    words = [word for word in re.split(r"[-_+]", segment) if word]
    return len(words) >= MIN_SLUG_WORDS or len(segment) >= MIN_SLUG_CHARS


def _in_boilerplate(element) -> bool:
    for node in element.iterancestors():
        if node.tag in ("nav", "header", "footer", "aside"):
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''} {node.get('role') or ''}"
        if BOILERPLATE.search(marks):
            return True
    return False


# --- Small shared helpers --------------------------------------------------------------------


def _http_url(base_url: str, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = urljoin(base_url, href)
    return url.split("#", 1)[0] if url.startswith(("http://", "https://")) else None


def _read_date(text: str) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        value = parse_date(text)
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # W3C dates without offset: UTC
    return value.astimezone(UTC)


def _plain(text: str) -> str:
    """Text without tags and with single spaces (feed titles and summaries may carry HTML)."""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = unescape(text)
    return _SPACES.sub(" ", text).strip()
