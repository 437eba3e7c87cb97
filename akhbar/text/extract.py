"""The article in a news page: title, lede, body, author, date, image, section.

`extract_article(html, url)` is pure: a decoded HTML string in, an `Extracted` out. It builds
on trafilatura for the body and does around it what news pages need, in this order:

1. read what the page says about itself (JSON-LD, meta tags) before the scripts are dropped;
2. find the title element, then the lede, the byline, the dates written near the title, the
   main image and the outlet's section — all before pruning, since pruning removes them;
3. prune what trafilatura keeps on Arab news pages: tickers, "اقرأ أيضا"/"Lire aussi" blocks,
   share/report notices, comment policies, captions, bylines and datelines, the lede element
   (per-outlet `rules["prune"]` XPaths first); the title stays, trafilatura finds the
   article by it;
4. run trafilatura (fast mode; its fallback extractors only when the result is short) on the
   pruned tree, or take the per-outlet `rules["select"]` XPath as the body;
5. tidy the top of the body (title, lede, byline and dateline lines), take the meta
   description as lede when the page shows none, and let `choose_publication_date` pick
   among every date found (the body's own dates only when nothing else has one).

Raw page bytes become the text this module takes through `akhbar.text.encoding.decode_html`.
"""

from __future__ import annotations

import functools
import html as html_lib
import json
import operator
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Extractor

from akhbar.text.dates import choose_publication_date, date_from_url, find_dates, parse_date
from akhbar.text.fold import CharFold
from akhbar.text.lang import detect_language
from akhbar.text.quality import body_length
from akhbar.text.trafilatura_fast import fast_text, suits

DEFAULT_TZ = "Africa/Algiers"


@dataclass
class Extracted:
    """What one article page holds, as plain values."""

    title: str = ""
    lede: str = ""
    text: str = ""  # body paragraphs joined by "\n\n"
    author: str = ""
    published_at: datetime | None = None
    image: str = ""
    language: str | None = None
    category_hint: str = ""
    encoding: str = ""
    date_candidates: list[tuple[datetime, str]] = field(default_factory=list)
    lede_origin: str = ""  # "subtitle", "h2", "bold", "first_paragraph", "meta" or ""


# --- Small text helpers -------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
# tashkeel, tatweel, the zero-width and the direction marks: dropped before words compare
_TASHKEEL = [*range(0x064B, 0x0653), 0x0640, *range(0x200C, 0x2010), *range(0x202A, 0x202F)]
# _TASHKEEL dropped and _ARABIC_FOLD's letters folded, in one pass
_FOLD_FOR_WORDS = _ARABIC_FOLD | dict.fromkeys(_TASHKEEL)
_FOLDING_FOR_WORDS = CharFold(_FOLD_FOR_WORDS)  # its translate, by str.replace


_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\ufeff]")


def clean(text: str | None) -> str:
    """Collapse whitespace and drop bidi marks: the display form of a text node."""
    return " ".join(_BIDI.sub("", text).split()) if text else ""


def words(text: str) -> list[str]:
    """Lower-cased, tashkeel-free, alef-folded words: for comparing, never for display."""
    return _WORD.findall(_FOLDING_FOR_WORDS(text.lower()))


def similarity(a: str, b: str) -> float:
    """Dice overlap of the word sets of two strings (0..1)."""
    return dice(word_set(a), word_set(b))


@functools.lru_cache(maxsize=256)
def word_set(text: str) -> frozenset[str]:
    """The set of ``words(text)``, remembered: a page compares its title, lede and first
    paragraphs with a dozen texts each."""
    return frozenset(words(text))


def dice(wa: set, wb: set) -> float:
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def starts_with_same_words(text: str, prefix: str, min_words: int = 4) -> bool:
    """True when `text` begins with the words of `prefix` (a possibly truncated copy)."""
    pw, tw = words(prefix.rstrip(".… ")), words(text)
    if len(pw) > 1:
        pw = pw[:-1]  # the last word of a truncated description may be cut in half
    return len(pw) >= min(min_words, len(tw)) and tw[: len(pw)] == pw


def text_content(el) -> str:
    """``el.text_content()``: lxml.html reads it by XPath's ``string()``, lxml's text
    serializer by the same libxml2 call (the content of every text node below the element)
    without an XPath context for each call, three times faster. A comment or an instruction
    is refused, as ``text_content`` refuses it."""
    if not isinstance(el.tag, str):
        raise ValueError(f"extract: not an element: {el!r}")
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def node_text(el) -> str:
    return clean(text_content(el))


# --- Parsing ------------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_INVISIBLE = ("style", "noscript", "template", "svg", "iframe", "object")


def _html_parser() -> lxml.html.HTMLParser:
    """lxml.html's parser, its element classes looked up in C.

    lxml.html picks each element's class (HtmlElement, FormElement, InputElement…) by a
    Python method called for every element proxy lxml creates, and trafilatura, handed our
    tree, creates thousands (its copy of the tree keeps our parser's lookup). A namespace
    lookup gives every element, comment and instruction the same class from C.
    """
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    parser = lxml.html.HTMLParser()
    parser.set_element_class_lookup(lookup)
    return parser


_HTML_PARSER = _html_parser()


def parse_html(html: str):
    """An lxml.html document, or None when there is no HTML to speak of."""
    html = _XML_DECLARATION.sub("", html.replace("\x00", ""), count=1)
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None


def drop_invisible(tree) -> None:
    """Remove scripts, styles and comments (JSON-LD must have been read before)."""
    for el in list(tree.iter(etree.Comment, etree.ProcessingInstruction, "script", *_INVISIBLE)):
        el.drop_tree()


# --- What the page says about itself ------------------------------------------------------


def read_meta(tree) -> dict[str, str]:
    """First content of each <meta> name/property/itemprop, keys lower-cased."""
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key and content and key not in meta:
                meta[key] = clean(html_lib.unescape(content))
    return meta


_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|Posting", re.I)


def _json_objects(data):
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), list | dict):
                yield from _json_objects(data[key])


def read_jsonld(tree) -> list[dict]:
    """The article objects of every JSON-LD block (NewsArticle, BlogPosting, …)."""
    found = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for obj in _json_objects(data):
            kind = obj.get("@type", "")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
                found.append(obj)
    return found


def jsonld_value(objects: list[dict], key: str) -> str:
    """The first string found under `key` (names of objects, first item of lists)."""
    for obj in objects:
        value = obj.get(key)
        while isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name") or value.get("url") or value.get("@id")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


# --- Class and id tokens ------------------------------------------------------------------


def tokens_of(el) -> str:
    """Lower-cased words of an element's class and id: "post-share_bar" → "post share bar"."""
    klass, ident = el.get("class"), el.get("id")
    if not klass and not ident:
        return ""
    return f"{klass or ''} {ident or ''}".lower().replace("-", " ").replace("_", " ")


@functools.cache
def _word_pattern(names: frozenset[str]) -> re.Pattern:
    return re.compile(r"(?<!\S)(?:" + "|".join(sorted(map(re.escape, names))) + r")(?!\S)")


@functools.cache
def _one_word_names(names: frozenset[str]) -> bool:
    """No name holds white space (true of every set here): each is a whole word or none."""
    return all(name and len(name.split()) == 1 and name == name.strip() for name in names)


def has_word(tokens: str, names: frozenset[str]) -> bool:
    """True when the class/id words `tokens` hold one of `names`.

    Names of one word each are looked up among the words ``str.split`` cuts (at the
    characters the pattern's ``\\S`` refuses, both ask ``str.isspace``): the pattern's
    match is a whole word, and a set lookup costs less than the regex's scan."""
    if _one_word_names(names):
        return not names.isdisjoint(tokens.split())
    return bool(tokens) and _word_pattern(names).search(tokens) is not None


_CLASS_OR_ID = etree.XPath("//*[@class or @id]")


def class_index(tree) -> dict:
    """Class/id words of every element that has any, in document order: read once per page."""
    return {el: tokens_of(el) for el in _CLASS_OR_ID(tree)}


def marked(index: dict, names: frozenset[str]) -> list:
    """Elements of the index whose class or id holds one of `names`."""
    if _one_word_names(names):  # as in has_word
        return [el for el, tokens in index.items() if not names.isdisjoint(tokens.split())]
    pattern = _word_pattern(names)
    return [el for el, tokens in index.items() if pattern.search(tokens)]


# --- Title --------------------------------------------------------------------------------

_TITLE_SEPARATORS = re.compile(r"\s+[-|–—«»:·•]{1,2}\s+")


def strip_site_name(title: str, site_name: str = "") -> str:
    """<title> minus " - Site name" (or "Site name | ") on either side."""
    parts = [p for p in _TITLE_SEPARATORS.split(clean(title)) if p]
    if len(parts) < 2:
        return clean(title)
    if site_name:
        kept = [p for p in parts if similarity(p, site_name) < 0.5]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    # without a site name, the site is the short end part
    ends = sorted((parts[0], parts[-1]), key=len)
    shorter = len(words(ends[0]))
    if shorter <= 4 and len(words(ends[1])) > shorter:
        parts.remove(ends[0])
    return " - ".join(parts)


def title_references(tree, meta: dict, jsonld: list[dict]) -> list[str]:
    site = meta.get("og:site_name", "")
    html_title = tree.findtext(".//title") or ""
    refs = [
        meta.get("og:title", ""),
        meta.get("twitter:title", ""),
        jsonld_value(jsonld, "headline"),
        strip_site_name(html_title, site),
    ]
    return [strip_site_name(r, site) for r in refs if clean(r)]


def choose_title(tree, meta: dict, jsonld: list[dict]) -> tuple[str, object | None]:
    """The title as the page shows it, and its element.

    An <h1> wins when it matches og:title / JSON-LD headline / <title> (sites truncate and
    strip quotes from og:title); otherwise the metadata title, minus the site name.
    """
    refs = title_references(tree, meta, jsonld)
    ref_words = [set(words(ref)) for ref in refs]
    headings = [
        (el, text) for el in tree.iter("h1", "h2") if 0 < len(text := text_content(el)) < 400
    ]
    best, best_score = None, 0.0
    for el, text in headings:
        heading_words = set(words(text))
        score = max((dice(heading_words, ref) for ref in ref_words), default=0.0)
        score += 0.05 if el.tag == "h1" else 0.0
        if score > best_score:
            best, best_score = el, score
    if best is not None and best_score >= 0.55:
        return node_text(best), best
    if refs:
        return refs[0], None
    h1 = next((el for el in tree.iter("h1") if node_text(el)), None)
    return (node_text(h1), h1) if h1 is not None else ("", None)


# --- Text in document order, for "near the title" -----------------------------------------


# Visible text around the title: no link text, nothing inside the lede ($lede, a node-set);
# counted in C (no element proxies), which matters on pages of thousands of nodes.
_NOT_LINK_NOR_LEDE = (
    "[normalize-space()][not(ancestor::a)]"
    "[not($lede) or count(ancestor::* | $lede) != count(ancestor::*)]"
)
_TEXT_BEFORE = etree.XPath(
    f"preceding::text(){_NOT_LINK_NOR_LEDE}[position() <= 30]", smart_strings=False
)
_TEXT_AFTER = etree.XPath(
    f"following::text(){_NOT_LINK_NOR_LEDE}[position() <= 40]", smart_strings=False
)


def text_near(
    title_el, skip=None, before: int = 200, after: int = 300
) -> tuple[list[str], list[str]]:
    """The visible text just before and just after the title, links left out.

    The window after the title stops at the first sentence-long text: the body has begun,
    and dates in the body are the dates of events, not of the article. The lede (`skip`)
    is stepped over.
    """
    if title_el is None:
        return [], []
    lede = [skip] if skip is not None else []
    head: list[str] = []
    for raw in reversed(_TEXT_BEFORE(title_el, lede=lede)):  # cleaned as they are taken
        if sum(map(len, head)) > before:
            break
        head.insert(0, clean(raw))
    tail: list[str] = []
    for text in (clean(t) for t in _TEXT_AFTER(title_el, lede=lede)):
        if sum(map(len, tail)) > after or len(text) >= 80:
            break
        tail.append(text)
    return head, tail


# --- Author -------------------------------------------------------------------------------

BYLINE_TOKENS = frozenset("byline author authors auteur writer signature journalist".split())
_BYLINE_PREFIX = re.compile(
    r"^(?:بقلم|كتب|كتبت|إعداد|اعداد|حوار|تحرير|par|by|de|written by|écrit par)\s*[:：]?\s*",
    re.I,
)
_BYLINE_IN_TEXT = re.compile(
    r"(?:^|[\s|(])(?:بقلم|Par|By)\s*[:：]?\s*(?P<name>[^\d|\n،,:()]{3,60})", re.I
)
AGENCIES = {
    "واج": "واج",
    "وأج": "واج",
    "و.أ.ج": "واج",
    "APS": "APS",
    "AFP": "AFP",
    "أ ف ب": "أ ف ب",
    "ا ف ب": "أ ف ب",
    "رويترز": "رويترز",
    "Reuters": "Reuters",
    "واس": "واس",
    "وام": "وام",
    "قنا": "قنا",
    "كونا": "كونا",
    "بنا": "بنا",
    "وفا": "وفا",
    "ق.و": "ق.و",
    "الأناضول": "الأناضول",
}
_AGENCY = re.compile(r"\(\s*(" + "|".join(map(re.escape, AGENCIES)) + r")\s*\)")
_NAME_END = re.compile(
    r"\s*(?:[|\n]|\s[-–—]\s|\d|,\s*(?:le|on)\b|\bpublié|\bنشر|\bفي\s+\d).*$", re.I
)


def clean_author(text: str) -> str:
    """ "بقلم: محمد علي | 12 ماي" → "محمد علي"."""
    text = _BYLINE_PREFIX.sub("", clean(text))
    text = _NAME_END.sub("", text).strip(" :-–—,،|")
    if not text or len(text) > 80 or text.startswith("http"):
        return ""
    return text


def is_byline_element(el, index: dict, marked_byline: set) -> bool:
    """Marked as a byline (class, id, rel or itemprop), short, and outside related blocks.

    ``marked_byline``: ``set(marked(index, BYLINE_TOKENS))``, made once for the page (one set
    lookup an element instead of a search of each one's class words)."""
    marked_as = el in marked_byline or "author" in (el.get("rel"), el.get("itemprop"))
    return marked_as and 0 < len(node_text(el)) <= 120 and not in_related_block(el, index)


def near_byline_author(
    after_title: list, index: dict, near: tuple[list[str], list[str]], marked_byline: set
) -> str:
    """The author of a byline right after the title: an element, or "بقلم/Par/By NAME".

    ``marked_byline``: as ``is_byline_element`` takes it."""
    for el in after_title:
        if is_byline_element(el, index, marked_byline) and (name := clean_author(node_text(el))):
            return name
    before, after = near
    for text in (" | ".join(after), " | ".join(before)):
        if match := _BYLINE_IN_TEXT.search(text):
            if name := clean_author(match["name"]):
                return name
    return ""


# Elements with the attributes, filtered in Python: comparing the attributes' values in the
# XPath costs libxml2 more than the proxies of the few elements that have them.
_REL_OR_ITEMPROP = etree.XPath("//*[@rel or @itemprop]")


def far_byline_author(tree, index: dict, byline: list, marked_byline: set) -> str:
    """A byline element anywhere on the page (outside related blocks): the last resort.

    ``byline``: ``marked(index, BYLINE_TOKENS)``, in document order; ``marked_byline``: the
    same as a set (``is_byline_element``)."""
    candidates = [
        el for el in _REL_OR_ITEMPROP(tree) if "author" in (el.get("rel"), el.get("itemprop"))
    ]
    for el in candidates + byline:
        if is_byline_element(el, index, marked_byline) and (name := clean_author(node_text(el))):
            return name
    return ""


def agency_author(text: str) -> str:
    """ "… الولاية (واج)" → "واج": the wire agency that signs the dispatch."""
    match = _AGENCY.search(text)
    return AGENCIES[match[1]] if match else ""


def metadata_author(meta: dict, jsonld: list[dict]) -> str:
    names = []
    for obj in jsonld:
        authors = obj.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and clean_author(name) and name not in names:
                names.append(clean_author(name))
        if names:
            return ", ".join(names)
    for key in ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author"):
        if name := clean_author(meta.get(key, "")):
            return name
    return ""


# --- Dates --------------------------------------------------------------------------------

META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "datecreated",
    "date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.date",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
)
RELATED_TOKENS = frozenset(
    "related relatedposts more also recommended popular sidebar widget aside teaser teasers "
    "latest trending most read mostread list listing ticker breaking comments comment footer "
    "nav menu".split()
)


def in_related_block(el, index: dict) -> bool:
    """True when an element sits in a list, a sidebar, a link or a related-items block."""
    for node in (el, *el.iterancestors()):
        if node.tag in ("a", "li", "aside", "nav", "footer"):
            return True
        if has_word(index.get(node, ""), RELATED_TOKENS):
            return True
    return False


_ITEMPROP_OR_PROPERTY = etree.XPath("//*[@itemprop or @property]")
_DATE_PROPERTIES = ("dc:date", "article:published_time")


def date_attributes(tree) -> list:
    """Elements other than <meta> whose itemprop is datePublished or whose RDFa property is
    dc:date or article:published_time, in document order."""
    return [
        el
        for el in _ITEMPROP_OR_PROPERTY(tree)
        if (el.get("itemprop") == "datePublished" or el.get("property") in _DATE_PROPERTIES)
        and el.tag != "meta"
    ]


def structured_dates(tree, meta: dict, jsonld: list[dict], index: dict) -> list[tuple[str, str]]:
    """(raw value, origin) from JSON-LD, meta tags, itemprop/RDFa attributes and <time>."""
    found = []
    for obj in jsonld:
        for key, origin in (
            ("datePublished", "jsonld"),
            ("dateCreated", "jsonld"),
            ("dateModified", "jsonld:modified"),
        ):
            if isinstance(obj.get(key), str):
                found.append((obj[key], origin))
    found += [(meta[key], f"meta:{key}") for key in META_DATE_KEYS if meta.get(key)]
    for el in date_attributes(tree):
        value = el.get("content") or el.get("datetime")
        if value:
            found.append((value, "meta:itemprop"))
    for el in tree.iter("time"):
        value = el.get("datetime") or el.get("pubdate") or ""
        if value:
            origin = "time_tag:related" if in_related_block(el, index) else "time_tag"
            found.append((value, origin))
    return found


COPYRIGHT = re.compile(r"©|copyright|جميع الحقوق|حقوق النشر|tous droits", re.I)


_GLUED_DIGITS = re.compile(
    "(?<=[\u0621-\u064a])(?=[0-9\u0660-\u0669])|(?<=[0-9\u0660-\u0669])(?=[\u0621-\u064a])"
)
_GLUED_DIGIT = re.compile("[0-9\u0660-\u0669]")  # a digit _GLUED_DIGITS may set apart


def text_dates(
    text: str, origin: str, *, tz: str, now: datetime, relative: bool = True
) -> list[tuple[datetime, str]]:
    """Every date written in a text, in order, under one origin.

    Digits glued to Arabic words ("متفرقات2017/03/02") are set apart first. Relative dates
    ("أمس", "اليوم") are kept only where they describe the article (near its title).
    """
    if _GLUED_DIGIT.search(text):  # no digit of theirs, nothing to set apart
        text = _GLUED_DIGITS.sub(" ", text)
    matches = find_dates(text, tz=tz, now=now)
    return [(m.value, origin) for m in matches if relative or m.kind != "relative"]


def body_dates(text: str, *, tz: str, now: datetime) -> list[tuple[datetime, str]]:
    """Dates of the body: copyright lines are marked as such so that the chooser ignores them."""
    found = []
    for line in text.split("\n"):
        origin = "copyright" if COPYRIGHT.search(line) else "visible_text"
        found += text_dates(line, origin, tz=tz, now=now, relative=False)
    return found


def near_title_dates(
    near: tuple[list[str], list[str]], title: str, *, tz: str, now: datetime
) -> list[tuple[datetime, str]]:
    """Dates written around the title; relative ones ("منذ 3 ساعات") only in short labels."""
    before, after = near
    found = []
    # after the title first: the line under the title is the article's own dateline
    for chunk in after + before:
        relative = len(chunk) <= 40
        dates = text_dates(chunk, "visible_text_near_title", tz=tz, now=now, relative=relative)
        # a copy of the title ("… اليوم الخميس") is no dateline (compared only when it
        # holds a date: most texts around a title hold none)
        if dates and similarity(chunk, title) <= 0.8:
            found += dates
    return found


def date_candidates(
    tree, meta, jsonld, index, url, *, tz: str, now: datetime, feed_date
) -> list[tuple[datetime, str]]:
    """Every publication-date candidate of the page, before pruning (bylines hold dates)."""
    found = []
    for raw, origin in structured_dates(tree, meta, jsonld, index):
        if value := parse_date(raw, tz=tz, now=now):
            found.append((value, origin))
    if feed_date is not None:
        found.append((feed_date, "feed"))
    if url and (value := date_from_url(url, tz=tz)):
        found.append((value, "url"))
    return found


# --- Lede ---------------------------------------------------------------------------------

LEDE_TOKENS = frozenset(
    "subtitle subtitulo subheadline subhead standfirst chapo chapeau lead lede intro excerpt "
    "summary deck dek strapline".split()
)
_BLOCKS = ("p", "div", "h2", "h3", "h4", "section", "span", "strong", "header")


def _lede_length_ok(text: str) -> bool:
    return 20 <= len(text) <= 700


_DOCUMENT_POSITION = etree.XPath("count(preceding::*) + count(ancestor::*)")


def comes_after(el, other) -> bool:
    """True when `el` starts after `other` in document order (counted in C, no proxies)."""
    return _DOCUMENT_POSITION(el) > _DOCUMENT_POSITION(other)


def lede_by_class(index: dict, title_el):
    """An element marked as the subtitle/standfirst/chapo, after the title if there is one."""
    for el in marked(index, LEDE_TOKENS):
        if el.tag not in _BLOCKS or (title_el is not None and not comes_after(el, title_el)):
            continue
        if _lede_length_ok(node_text(el)) and not in_related_block(el, index):
            return el
    return None


# The element-relative queries, compiled once (``el.xpath(...)`` compiles on every call).
_BOLD_INSIDE = etree.XPath(".//b|.//strong")
_PARAGRAPHS_AFTER = etree.XPath("following::p[position() <= 20]")
_FIGURE_IMAGES_AFTER = etree.XPath("(following::figure//img)[position() <= 5]")
_ARTICLE_FIGURE_IMAGES = etree.XPath("//article//figure//img")
_FIGURE_IMAGES = etree.XPath("//figure//img")
_ELEMENTS_AFTER = etree.XPath("following::*[position() <= 80]")


def is_bold(el) -> bool:
    """True when (almost) all the text of an element is in <b>/<strong>."""
    text = len(node_text(el))
    bold = sum(len(node_text(b)) for b in _BOLD_INSIDE(el))
    return text > 0 and bold >= 0.8 * text


def lede_after_title(title_el):
    """A <h2>/<h3> or an all-bold block right after the title, past short byline/date lines."""
    if title_el is None:
        return None
    node, steps = title_el, 0
    while node is not None and steps < 5:
        nxt = node.getnext()
        if nxt is None:
            node, steps = node.getparent(), steps + 1  # the title may sit in a wrapper
            continue
        node, steps = nxt, steps + 1
        if not isinstance(node.tag, str):
            continue
        if len(text_content(node)) > 1000:
            return None  # a big block: the body has begun
        text = node_text(node)
        if _lede_length_ok(text) and (node.tag in ("h2", "h3") or is_bold(node)):
            return node
        if len(text) > 80 or node.tag in ("p", "article", "section"):
            return None
    return None


def lede_bold_paragraph(tree, title_el, index: dict):
    """The first real paragraph after the title, when it is all bold."""
    scope = _PARAGRAPHS_AFTER(title_el) if title_el is not None else tree.iter("p")
    for p in scope:
        text = node_text(p)
        if len(text) < 40 or in_related_block(p, index):
            continue
        return p if is_bold(p) and _lede_length_ok(text) else None
    return None


def description(meta: dict, jsonld: list[dict]) -> str:
    for value in (
        meta.get("og:description"),
        meta.get("description"),
        meta.get("twitter:description"),
        jsonld_value(jsonld, "description"),
    ):
        if value and len(clean(value)) >= 20:
            return clean(value)
    return ""


def find_lede(tree, title_el, index: dict):
    """(lede element, origin): subtitle class, <h2> after the title, or a bold first paragraph."""
    el = lede_by_class(index, title_el)
    if el is not None:
        return el, "subtitle"
    el = lede_after_title(title_el)
    if el is not None:
        return el, "h2"
    el = lede_bold_paragraph(tree, title_el, index)
    return (el, "bold") if el is not None else (None, "")


def meta_lede(desc: str, title: str, paragraphs: list[str]) -> tuple[str, str, list[str]]:
    """(lede, origin, paragraphs): the meta description as lede, when the page shows none.

    A full copy of one of the first paragraphs is the lede and leaves the body ("first_paragraph");
    a truncated copy is no lede; a generic site description (few words in common with the
    article) is ignored; any other description is a lede the page does not show ("meta").
    """
    if not desc or similarity(desc, title) > 0.8:
        return "", "", paragraphs
    for index, paragraph in enumerate(paragraphs[:3]):
        if similarity(desc, paragraph) > 0.9:
            if index == 0:
                return paragraph, "first_paragraph", paragraphs[1:]
            return "", "", paragraphs
        if starts_with_same_words(paragraph, desc) or starts_with_same_words(desc, paragraph):
            return "", "", paragraphs
    if desc.endswith(("...", "…")):
        return "", "", paragraphs
    article_words = set(words(title + " " + " ".join(paragraphs[:5])))
    desc_words = words(desc)
    shared = sum(1 for w in desc_words if w in article_words) / max(1, len(desc_words))
    return (desc, "meta", paragraphs) if shared >= 0.3 else ("", "", paragraphs)


# --- Image --------------------------------------------------------------------------------


def _img_src(img) -> str:
    for attr in ("src", "data-src", "data-lazy-src", "data-original", "data-srcset", "srcset"):
        value = (img.get(attr) or "").strip().split(" ")[0]
        if value and not value.startswith("data:"):
            return value
    return ""


def find_image(tree, meta: dict, jsonld: list[dict], title_el, url: str) -> str:
    """og:image (or twitter:image, JSON-LD image), else the first <figure><img> of the article."""
    src = meta.get("og:image") or meta.get("og:image:url") or meta.get("twitter:image")
    src = src or jsonld_value(jsonld, "image")
    if not src:
        scopes = []
        if title_el is not None:
            scopes.append(_FIGURE_IMAGES_AFTER(title_el))
        scopes += [_ARTICLE_FIGURE_IMAGES(tree), _FIGURE_IMAGES(tree)]
        for imgs in scopes:
            src = next((s for s in map(_img_src, imgs) if s), "")
            if src:
                break
    return urljoin(url, src.strip()) if src else ""


# --- Category hint ------------------------------------------------------------------------

NOT_SECTIONS = frozenset(
    "ar fr en article articles news story post posts node details detail index amp www html "
    "content contents item items view page pages actualite actualites akhbar".split()
)


def breadcrumb_section(tree, index: dict, title: str) -> str:
    """The last breadcrumb item that is not Home and not the title itself."""
    crumbs = marked(index, _BREADCRUMB) or [
        el for el in _ITEMTYPE(tree) if "BreadcrumbList" in el.get("itemtype")
    ]
    for crumb in crumbs[:1]:
        items = [node_text(a) for a in crumb.iter("a", "span", "li") if 0 < len(node_text(a)) < 40]
        items = [
            i
            for i in items
            if similarity(i, title) < 0.5 and i.lower() not in ("home", "accueil", "الرئيسية")
        ]
        if items:
            return items[-1]
    return ""


_BREADCRUMB = frozenset(("breadcrumb", "breadcrumbs"))
_ITEMTYPE = etree.XPath("//*[@itemtype]")


def url_section(url: str) -> str:
    """The first word-like path segment of the URL that is not a slug, an id or a language."""
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    for segment in segments[:-1]:
        if segment.lower() in NOT_SECTIONS or not re.fullmatch(r"[^\W\d_][\w-]{1,30}", segment):
            continue
        if segment.count("-") <= 2:
            return segment
    return ""


def find_category(tree, meta: dict, jsonld: list[dict], index: dict, url: str, title: str) -> str:
    return clean(
        meta.get("article:section")
        or jsonld_value(jsonld, "articleSection")
        or breadcrumb_section(tree, index, title)
        or url_section(url)
    )


# --- Pruning: what trafilatura keeps and a news page must not ----------------------------

TICKER_TOKENS = frozenset(
    "ticker newsticker breaking breakingnews urgent marquee newsbar ajel".split()
)
BLOCK_TOKENS = frozenset(
    "related relatedposts readmore alsoread morenews "
    "recommended share sharing social socials sharethis addthis cookie cookies consent gdpr "
    "newsletter comments comment disqus report signaler tags".split()
)
CAPTION_TOKENS = frozenset("caption figcaption legend credit credits".split())
DATELINE_TOKENS = frozenset("date dateline time timestamp published posted pubdate updated".split())
_WHOLE_BLOCK_TOKENS = TICKER_TOKENS | BLOCK_TOKENS
_SHORT_BLOCK_TOKENS = CAPTION_TOKENS | DATELINE_TOKENS | BYLINE_TOKENS

# labels that introduce a list of other articles; the strong ones may carry a title after them
_READ_ALSO_STRONG = re.compile(
    r"^(?:[إاأ]قر[أا]\s+(?:أيضا|أيضاً|ايضا|ايضاً|كذلك|المزيد)|مواضيع ذات صلة|أخبار ذات صلة|"
    r"اخبار ذات صلة|مقالات ذات صلة|(?:À|A)\s+lire\s+aussi|Lire\s+aussi|Lire\s+également|"
    r"Sur\s+le\s+même\s+sujet|Read\s+(?:more|also)|See\s+also)(?!\w)",
    re.I,
)
_READ_ALSO_WEAK = re.compile(
    r"^(?:ذات صلة|الأكثر قراءة|الاكثر قراءة|الأكثر مشاهدة|آخر الأخبار|اخر الاخبار|عاجل|"
    r"Related(?: articles| posts| stories)?|Most\s+read|Les\s+plus\s+lus|À\s+la\s+une)"
    r"\s*[:：.…|-]*$",
    re.I,
)


def is_read_also(text: str) -> bool:
    """A label of a related-items block: "اقرأ أيضا:", "Lire aussi", "الأكثر قراءة"."""
    return bool(_READ_ALSO_WEAK.match(text)) or (
        len(text) <= 150 and bool(_READ_ALSO_STRONG.match(text))
    )


# Each phrase starts a word: "سيشارك هذا الموسم" (will take part this season) is a sentence of
# the body, not "شارك هذا" (share this).
_NOTICES = re.compile(
    r"(?<!\w)(?:شكرا على الإبلاغ|شكرا على الابلاغ|سيتم حجب هذه الصورة|ننبه القراء|نلفت انتباه|"
    r"انقر هنا لقراءة الخبر من مصدره|إضافة تعليق|اضافة تعليق|أضف تعليق|اضف تعليق|"
    r"تعليقات القراء|شارك(?:وا)? (?:هذا|المقال)|"
    r"Merci pour votre signalement|Laisser un commentaire|"
    r"Thanks for (?:the|your) report|Leave a comment|Share this)",
    re.I,
)
_NOTICE_LABEL = re.compile(
    r"^\s*(?:التعليقات|تعليقات|Commentaires|Comments|شارك|Partager|Share)\s*[:：]?\s*$", re.I
)
# A report button ("الإبلاغ عن الصورة", "الإبلاغ عن مشكلة في هذا الخبر", "Signaler ce
# contenu") is a short text of its own: a sentence of the body that asks readers to report
# something is no notice.
_REPORT_LABEL = re.compile(
    r"^\s*(?:(?:الإبلاغ|الابلاغ) عن|signaler (?:ce|cet|cette|un|une))\s.{0,40}$", re.I
)


def block_of(el):
    """The element itself when it is a block, else its nearest block ancestor."""
    node = el
    while node is not None and node.tag in _INLINE:
        node = node.getparent()
    return node if node is not None else el


_INLINE = ("span", "strong", "b", "em", "i", "a", "small", "font", "label", "u")


# Lower-case substrings that every label and notice above contains: a cheap first pass that
# keeps the precise regexes for the few texts that may match. Keep in step with the regexes.
# (No re.IGNORECASE here: it turns off the literal-prefix search and costs 4x; texts are
# lower-cased instead.)
TEXT_KEYS = (
    "قرأ قرا صلة قراءة مشاهدة الأخبار الاخبار عاجل الإبلاغ الابلاغ حجب ننبه نلفت انقر "
    "تعليق شارك ire ead ee elated ost lus une sujet ignal omment hare artager eport".split()
)


def key_trie(keys) -> str:
    """A pattern matching where one of ``keys`` begins, as a trie: at each position the
    regex tries one branch per distinct next character, not one per key (a key another key
    begins with stands for both: only whether a text holds a key is asked)."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        if "" in node:
            return ""
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie)


_TEXT_KEYS = re.compile(key_trie(TEXT_KEYS))


_TEXT_NODES = etree.XPath("//text()")  # compiled once (``tree.xpath`` compiles each time)
# (``[normalize-space()]`` spares lxml the strings of blank nodes, but libxml2 builds a
# normalized copy of every node for it: more instructions than it saves.)


def _texts_with_keys(tree):
    """(owner element, stripped text) of every short text or tail that may be a label or notice."""
    for node in _TEXT_NODES(tree):
        if len(node) < 500 and _TEXT_KEYS.search(node.lower()):
            owner = node.getparent()
            owner = owner.getparent() if node.is_tail else owner
            if owner is not None:
                yield owner, node.strip()


class Pruner:
    """Removes news-page furniture from a tree, never an element of `protected` (the body)."""

    def __init__(self, tree):
        self.tree = tree
        self.protected: set = set()

    def drop(self, el) -> bool:
        if el in self.protected or el.getparent() is None or el.tag in ("html", "body"):
            return False
        el.drop_tree()
        return True

    def by_xpath(self, xpaths: list[str]) -> None:
        for xpath in xpaths:
            for el in self.tree.xpath(xpath):
                if isinstance(el, etree._Element):
                    self.drop(el)

    def by_tag_and_class(self, index: dict) -> None:
        """Tickers, related/share/comment/cookie blocks; captions, bylines, datelines if short."""
        for el in list(self.tree.iter("figcaption", "marquee", "aside", "nav")):
            self.drop(el)
        for el in marked(index, _WHOLE_BLOCK_TOKENS | _SHORT_BLOCK_TOKENS):
            if el.getparent() is None:
                continue
            if has_word(index[el], _WHOLE_BLOCK_TOKENS):
                self.drop(el)
            elif len(text_content(el)) < 300:
                self.drop(el)

    def by_text(self) -> None:
        """ "اقرأ أيضا"/"Lire aussi" blocks and report/share/comment-policy notices."""
        labels, notices = [], []
        for owner, text in _texts_with_keys(self.tree):
            if len(text) > 400:
                continue
            if is_read_also(text):
                labels.append(owner)
            elif _NOTICE_LABEL.match(text) or _REPORT_LABEL.match(text) or _NOTICES.search(text):
                notices.append(owner)
        for owner in labels:
            self.read_also(owner)
        for owner in notices:
            block = block_of(owner)
            if block.getparent() is not None and len(text_content(block)) < 400:
                self.drop(block)

    def read_also(self, label) -> None:
        """The label, the links it introduces, and their small link-only container."""
        block = block_of(label)
        if block.getparent() is None or len(text_content(block)) > 400:
            return
        container = self.link_block_around(block)
        self.drop_following_links(container)
        self.drop(container)

    def link_block_around(self, el):
        """The label's parent when it is a small block made mostly of links."""
        parent = el.getparent()
        if (
            parent is not None
            and parent.tag not in ("body", "html")
            and parent not in self.protected
        ):
            if len(text_content(parent)) < 1500 and link_density(parent) > 0.5:
                return parent
        return el

    def drop_following_links(self, el) -> None:
        nxt = el.getnext()
        if nxt is not None and isinstance(nxt.tag, str) and link_density(nxt) > 0.6:
            self.drop(nxt)


def link_density(el) -> float:
    """Share of an element's text that sits in links."""
    text = len(text_content(el).strip())
    if not text:
        return 0.0
    return sum(len(text_content(a).strip()) for a in el.iter("a")) / text


# --- The body -----------------------------------------------------------------------------

_BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "li", "blockquote", "pre", "td")


def selected_body(tree, xpath: str) -> str:
    """The body at a per-outlet `select` XPath: its block elements' text, in order."""
    parts = []
    for root in tree.xpath(xpath):
        if not isinstance(root, etree._Element):
            continue
        blocks = [
            b
            for b in root.iter(*_BLOCK_TAGS)
            if not any(a.tag in _BLOCK_TAGS for a in b.iterancestors())
        ]
        parts += [node_text(b) for b in blocks] if blocks else [node_text(root)]
    return "\n".join(p for p in parts if p)


# trafilatura's fallback extractors are tried too when the fast mode's text is below
SHORT_BODY = 200  # characters (the quality gate's minimum: the article would be held), or
SHORT_SHARE = 0.3  # below this share of the pruned page's text.
# (An absolute 1,500 used to send nearly every short news page through both modes, twice
# the cost, for no change in any figure of eval/extraction.py on its 840 pages.)


@functools.cache
def _trafilatura_options(fast: bool) -> Extractor:
    """Our options for trafilatura, built once: ``bare_extraction`` builds them from its
    arguments on every call, reading nine settings through ConfigParser (0.2 ms a page)."""
    return Extractor(output_format="python", fast=fast, comments=False, dedup=False, tables=True)


_OPTION_SLOTS = Extractor.__slots__
_read_options = operator.attrgetter(*_OPTION_SLOTS)


def copy_options(options: Extractor) -> Extractor:
    """A shallow copy of trafilatura's options, as ``copy.copy`` makes it, slot by slot
    (``copy.copy`` goes through ``__reduce_ex__`` and copyreg: 10.7 against 5 µs)."""
    copied = Extractor.__new__(Extractor)
    for slot, value in zip(_OPTION_SLOTS, _read_options(options), strict=True):
        setattr(copied, slot, value)
    return copied


def _trafilatura_text(tree, url: str, fast: bool) -> str:
    options = copy_options(_trafilatura_options(fast))  # the page's own address, set below
    options.url = url or None
    options.source = options.url and options.url.encode("utf-8", "replace").decode("utf-8")
    if suits(options):  # trafilatura's own stages, less the work our options make useless
        return fast_text(tree, options)  # leaves the tree as it was
    document = trafilatura.bare_extraction(tree, options=options)
    return (document.text if document is not None else "") or ""


def trafilatura_body(tree, url: str, page_chars: int = 0) -> str:
    """trafilatura on our pruned tree: no comments, no deduplication, our decoding.

    Its fast mode first (`trafilatura_fast`: it leaves our tree as it was);
    only a short result (short in itself, or next to all the text of the pruned page)
    pays for the fallback extractors (readability, jusText), which recover the bodies of
    pages whose markup the fast mode misreads.
    """
    text = _trafilatura_text(tree, url, fast=True)
    if len(text) < SHORT_BODY or len(text) < SHORT_SHARE * page_chars:
        fuller = _trafilatura_text(tree, url, fast=False)
        if len(fuller) > len(text):
            return fuller
    return text


def is_dateline(paragraph: str) -> bool:
    """A short paragraph that is a date with at most a few words around it."""
    if len(paragraph) > 100 or not any(c.isdigit() for c in paragraph) and "أمس" not in paragraph:
        return False
    paragraph = _GLUED_DIGITS.sub(" ", paragraph)
    matches = find_dates(paragraph)
    if not matches:
        return False
    rest = paragraph
    for m in reversed(matches):
        rest = rest[: m.start] + " " + rest[m.end :]
    return len(words(rest)) <= 4


def is_byline(paragraph: str) -> bool:
    return (
        len(paragraph) <= 80
        and bool(_BYLINE_PREFIX.match(paragraph))
        and not paragraph.endswith(".")
    )


def tidy_paragraphs(text: str, title: str, lede: str) -> tuple[list[str], str]:
    """Body lines as paragraphs, without the title, the lede, bylines and datelines at the top.

    Returns the paragraphs and the author of a byline paragraph found there.
    """
    paragraphs = [clean(line) for line in text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    author = ""
    while paragraphs:
        first = paragraphs[0]
        if similarity(first, title) > 0.9 or (lede and similarity(first, lede) > 0.9):
            paragraphs.pop(0)
        elif lede and len(lede) >= 20 and first.startswith(lede):
            paragraphs[0] = first[len(lede) :].strip()  # the lede opens the first paragraph
            if not paragraphs[0]:
                paragraphs.pop(0)
        elif is_byline(first):
            author = author or clean_author(paragraphs.pop(0))
        elif is_dateline(first):
            paragraphs.pop(0)
        else:
            break
    while paragraphs and (is_dateline(paragraphs[-1]) or _NOTICE_LABEL.match(paragraphs[-1])):
        paragraphs.pop()
    return paragraphs, author


# --- The whole extraction -----------------------------------------------------------------


@dataclass
class PageFacts:
    """What is read from the page before pruning removes it."""

    meta: dict
    jsonld: list[dict]
    index: dict  # class/id words per element
    title: str
    title_el: object | None
    lede: str
    lede_el: object | None
    lede_origin: str
    author: str
    dates: list[tuple[datetime, str]]
    image: str
    category: str


def read_facts(tree, url: str, *, tz: str, now: datetime, feed_date) -> PageFacts:
    """Title, lede, byline, dates, image and section, read from the intact page.

    The order matters: JSON-LD before the scripts go; the title first (the lede, the byline
    and the dateline are found next to it); all of them before pruning removes them.
    """
    meta, jsonld = read_meta(tree), read_jsonld(tree)
    drop_invisible(tree)
    title, title_el = choose_title(tree, meta, jsonld)
    # the first elements after the title: where the byline is
    after_title = _ELEMENTS_AFTER(title_el) if title_el is not None else []
    index = class_index(tree)
    lede_el, lede_origin = find_lede(tree, title_el, index)
    near = text_near(title_el, skip=lede_el)
    byline = marked(index, BYLINE_TOKENS)  # elements marked as bylines, near or far
    marked_byline = set(byline)
    dates = date_candidates(tree, meta, jsonld, index, url, tz=tz, now=now, feed_date=feed_date)
    return PageFacts(
        meta=meta,
        jsonld=jsonld,
        index=index,
        title=title,
        title_el=title_el,
        lede=node_text(lede_el) if lede_el is not None else "",
        lede_el=lede_el,
        lede_origin=lede_origin,
        author=near_byline_author(after_title, index, near, marked_byline)
        or far_byline_author(tree, index, byline, marked_byline),
        dates=dates + near_title_dates(near, title, tz=tz, now=now),
        image=find_image(tree, meta, jsonld, title_el, url),
        category=find_category(tree, meta, jsonld, index, url, title),
    )


def extract_article(
    html: str,
    url: str,
    *,
    tree=None,
    rules: dict | None = None,
    tz: str = DEFAULT_TZ,
    now: datetime | None = None,
    feed_date: datetime | None = None,
) -> Extracted:
    """The article of one decoded HTML page (see the module docstring for the stages).

    ``tree``: the page as ``parse_html(html)`` gave it, when the caller parsed it already
    (extraction prunes it: it is not usable after)."""
    now = now or datetime.now(UTC)
    tree = parse_html(html) if tree is None else tree
    if tree is None:
        return Extracted()
    # read everything the page says about the article before pruning removes it
    facts = read_facts(tree, url, tz=tz, now=now, feed_date=feed_date)
    body = extract_body(tree, url, rules or {}, facts.title_el, facts.lede_el, facts.index)
    paragraphs, body_byline = tidy_paragraphs(body, facts.title, facts.lede)
    lede, lede_origin = facts.lede, facts.lede_origin
    if not lede:
        desc = description(facts.meta, facts.jsonld)
        lede, lede_origin, paragraphs = meta_lede(desc, facts.title, paragraphs)
    text = "\n\n".join(paragraphs)
    candidates = facts.dates
    # dates in the body are the last resort: look at them only when nothing else has one
    if not choose_publication_date(candidates, now=now, tz=tz):
        candidates = candidates + body_dates(text, tz=tz, now=now)
    return Extracted(
        title=facts.title,
        lede=lede,
        text=text,
        author=facts.author
        or body_byline
        or metadata_author(facts.meta, facts.jsonld)
        or agency_author(text),
        published_at=choose_publication_date(candidates, now=now, tz=tz),
        image=facts.image,
        language=detect_language(f"{facts.title}\n{lede}\n{text[:1000]}") or page_language(tree),
        category_hint=facts.category,
        encoding=declared_charset(tree),
        date_candidates=candidates,
        lede_origin=lede_origin,
    )


def extract_body(tree, url: str, rules: dict, title_el, lede_el, index: dict) -> str:
    """Prune, then select the outlet's body element or run trafilatura."""
    pruner = Pruner(tree)
    # the outlet's own rules first: they know the page better than the generic ones
    pruner.by_xpath(list(rules.get("prune", [])))
    if lede_el is not None:
        pruner.drop(lede_el)
    if rules.get("select"):
        if title_el is not None:
            pruner.drop(title_el)
        if body := selected_body(tree, rules["select"]):
            return body
    # prune before trafilatura: it keeps these blocks when they sit inside the article;
    # the element holding most paragraphs (and its ancestors) is never pruned whole.
    # The title stays: trafilatura finds the article by it (the title line is tidied after).
    pruner.protected = body_core(tree)
    pruner.by_text()
    pruner.by_tag_and_class(index)
    return trafilatura_body(tree, url, page_chars(tree))


def page_chars(tree) -> int:
    """Length of the visible text of the (pruned) page body."""
    body = tree.find("body")
    return body_length(text_content(body if body is not None else tree))


def body_core(tree) -> set:
    """The element holding the most paragraph text, and its ancestors: never pruned whole."""
    scores: dict = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(text_content(p))
    if not scores:
        return set()
    core = max(scores, key=scores.get)
    return {core, *core.iterancestors()}


def page_language(tree) -> str | None:
    lang = (tree.get("lang") or "").split("-")[0].lower()
    return lang if lang in ("ar", "fr", "en") else None


_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)


def declared_charset(tree) -> str:
    for el in tree.iter("meta"):
        if el.get("charset"):
            return el.get("charset").strip().lower()
        if match := _CHARSET.search(el.get("content") or ""):
            return match[1].lower()
    return ""
