"""Outlets of the simulated web: who they are, and how each one serves its pages.

An outlet's profile (template, feed format, encoding, date style, URL style, redirect code,
robots rules) is chosen from its index and the seed, so the same seed gives the same web and
the first six outlets between them show every variant.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .corpus import Record

TEMPLATES = ("sahel", "atlas", "wire", "levant", "gulf", "nile")
FEED_KINDS = ("rss", "atom", "json", "sitemap", "rss_full", "none")
URL_STYLES = ("slug", "numeric", "query", "dated")
REDIRECT_CODES = (301, 302, 307, 308)
DATE_STYLES = ("iso_meta", "maghrebi", "levantine", "egyptian_indic", "dashed", "hijri")
TIMEZONES = (
    "Africa/Algiers",
    "Asia/Riyadh",
    "Africa/Cairo",
    "Asia/Beirut",
    "Africa/Tunis",
    "Africa/Casablanca",
    "Europe/Paris",
    "Asia/Dubai",
)
COUNTRY_TIMEZONES = {
    "DZ": "Africa/Algiers",
    "TN": "Africa/Tunis",
    "MA": "Africa/Casablanca",
    "EG": "Africa/Cairo",
    "SA": "Asia/Riyadh",
    "AE": "Asia/Dubai",
    "LB": "Asia/Beirut",
    "QA": "Asia/Qatar",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
}
# (codec, how it is declared): header = Content-Type charset and <meta>, meta = <meta> only,
# wrong = a wrong charset in Content-Type and no <meta>, none = declared nowhere.
ENCODINGS_AR = (
    ("utf-8", "header"),
    ("windows-1256", "header"),
    ("utf-8", "meta"),
    ("iso-8859-6", "meta"),
    ("windows-1256", "wrong"),
    ("utf-8", "none"),
)
ENCODINGS_FR = (
    ("utf-8", "header"),
    ("iso-8859-1", "header"),
    ("windows-1252", "meta"),
    ("windows-1252", "wrong"),
    ("iso-8859-1", "none"),
    ("utf-8", "meta"),
)
KINDS = ("newspaper", "broadcaster", "agency", "portal")
NAME_PARTS = (
    ("صدى", "Sada", "sada"),
    ("نبأ", "Naba", "naba"),
    ("الأفق", "El Ofok", "ofok"),
    ("المنارة", "El Manara", "manara"),
    ("الساحل", "Le Sahel", "sahel"),
    ("الأطلس", "L'Atlas", "atlas"),
    ("الهضاب", "Les Hauts Plateaux", "hidab"),
    ("الواحة", "L'Oasis", "waha"),
    ("البيان", "El Bayane", "bayane"),
    ("الرائد", "Le Pionnier", "raed"),
    ("النهار الجديد", "Le Jour Nouveau", "nahar"),
    ("الميزان", "La Balance", "mizane"),
)
NAME_SUFFIXES = (
    ("", "", ""),
    (" اليوم", " Aujourd'hui", "-elyoum"),
    (" نيوز", " News", "-news"),
    (" برس", " Presse", "-press"),
    (" 24", " 24", "-24"),
    (" أونلاين", " Online", "-online"),
)


@dataclass
class Outlet:
    """One simulated news site and the way it behaves."""

    index: int
    slug: str
    name_ar: str
    name_fr: str
    languages: tuple[str, ...]
    kind: str
    template: str
    feed_kind: str
    url_style: str
    date_style: str
    timezone: str
    encoding: str
    charset_decl: str
    redirect_code: int
    feed_links: str  # clean | tracking | redirect
    robots: str  # open | disallow_section | crawl_delay
    rate_limit: int | None  # requests per client per 10 s window, None = unlimited
    sections: tuple[str, ...] = ()
    base_url: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def no_feed(self) -> bool:
        return self.feed_kind == "none"


def stable_hash(*parts: object) -> int:
    """A hash that is the same in every process (unlike `hash`)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def slugify_latin(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "outlet"


def invented_name(index: int) -> tuple[str, str, str]:
    """(name_ar, name_fr, slug) of the index-th invented outlet."""
    prefix = NAME_PARTS[index % len(NAME_PARTS)]
    suffix = NAME_SUFFIXES[(index // len(NAME_PARTS)) % len(NAME_SUFFIXES)]
    rounds = index // (len(NAME_PARTS) * len(NAME_SUFFIXES))
    tail = str(rounds + 1) if rounds else ""
    return prefix[0] + suffix[0] + tail, prefix[1] + suffix[1] + tail, prefix[2] + suffix[2] + tail


def pick_encoding(ordinal: int, languages: tuple[str, ...], seed: int) -> tuple[str, str]:
    if len(languages) > 1:
        return "utf-8", "header"
    table = ENCODINGS_FR if languages == ("fr",) else ENCODINGS_AR
    return table[(ordinal + seed) % len(table)]


def make_outlet(
    index: int, ordinal: int, name: tuple[str, str, str], languages: tuple[str, ...], seed: int
) -> Outlet:
    """An outlet whose profile is fixed by its index, its rank among outlets of its language
    (`ordinal`, so that each language meets every encoding and date style) and the seed."""
    codec, decl = pick_encoding(ordinal, languages, seed)
    # Templates rotate per language (French from the middle of the list), so that each
    # language meets every template once it has six outlets.
    rot = (ordinal + seed + (3 if languages == ("fr",) else 0)) % len(TEMPLATES)
    return Outlet(
        index=index,
        slug=name[2],
        name_ar=name[0],
        name_fr=name[1],
        languages=languages,
        kind="agency" if TEMPLATES[rot] == "wire" else KINDS[index % len(KINDS)],
        template=TEMPLATES[rot],
        feed_kind=FEED_KINDS[(index + seed // 6) % len(FEED_KINDS)],
        url_style=URL_STYLES[(index + seed) % len(URL_STYLES)],
        date_style=DATE_STYLES[(ordinal * 5 + seed) % len(DATE_STYLES)],
        timezone=TIMEZONES[(index + seed) % len(TIMEZONES)],
        encoding=codec,
        charset_decl=decl,
        redirect_code=REDIRECT_CODES[index % len(REDIRECT_CODES)],
        feed_links=("clean", "tracking", "redirect")[(index + seed) % 3],
        robots=("disallow_section", "crawl_delay", "open")[index % 3] if index < 3 else "open",
        rate_limit=50 if index == 4 else None,
    )


def invented_languages(n: int, languages: list[str]) -> list[str]:
    """Language of each invented outlet: with French in the corpus, every third outlet is French."""
    if len(languages) < 2 or n < 3:
        return ["ar"] * n
    return ["fr" if index % 3 == 2 else "ar" for index in range(n)]


def assign_outlets(
    records: list[Record], n: int, seed: int, by_source: bool
) -> tuple[list[str | None], list[int]]:
    """(language of each outlet, owner index of each record): the corpus' sources (languages
    from their records), or a seeded spread that keeps each invented outlet to one language."""
    if by_source:
        order = list(dict.fromkeys(r.source for r in records))
        return [None] * len(order), [order.index(r.source) for r in records]
    langs = invented_languages(n, sorted({r.lang for r in records}))
    pools = {lang: [i for i, lo in enumerate(langs) if lo == lang] for lang in set(langs)}
    owners = []
    for r in records:
        pool = pools.get(r.lang if r.lang in pools else "ar") or list(range(n))
        owners.append(pool[stable_hash(seed, r.id) % len(pool)])
    return langs, owners


def build_outlets(
    records: list[Record], n: int, seed: int, by_source: bool | None = None
) -> tuple[list[Outlet], list[int]]:
    """The outlets and, for each record, the index of the outlet that publishes it.

    Records that carry a `source` keep their corpus outlets unless `by_source` is False.
    """
    if by_source is None:
        by_source = bool(records) and all(r.source for r in records)
    fixed_langs, owners = assign_outlets(records, n, seed, by_source)
    outlets, slugs, ordinals = [], set(), {}
    for index, fixed in enumerate(fixed_langs):
        mine = [r for r, o in zip(records, owners, strict=True) if o == index]
        name = source_name(mine[0], index) if by_source else invented_name(index)
        if name[2] in slugs:
            name = (name[0], name[1], f"{name[2]}-{index}")
        slugs.add(name[2])
        languages = (fixed,) if fixed else tuple(sorted({r.lang for r in mine})) or ("ar",)
        ordinals[languages] = ordinals.get(languages, -1) + 1
        outlet = make_outlet(index, ordinals[languages], name, languages, seed)
        country = mine[0].country if by_source and mine else None
        outlet.timezone = COUNTRY_TIMEZONES.get(country or "", outlet.timezone)
        outlet.sections = tuple(sorted({r.category for r in mine})) or ("misc",)
        outlets.append(outlet)
    return outlets, owners


def source_name(record: Record, index: int) -> tuple[str, str, str]:
    """(name_ar, name_fr, slug) of a corpus source."""
    domain = record.source_domain or record.source or f"outlet{index}"
    labels = [p for p in domain.lower().split(".") if p not in ("www", "m", "ar", "arabic")]
    slug = slugify_latin(labels[0] if labels else domain)
    return record.source or slug, record.source or slug, slug
