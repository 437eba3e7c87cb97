"""The simulated web as data: outlets, their articles (items), URLs and timeline.

Building a `Site` is pure and deterministic: records + seed + base URLs in, the same site out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from . import wire
from .clock import Clock
from .corpus import Record
from .outlets import Outlet, build_outlets, stable_hash

BACKLOG_SHARE = 0.85  # share of articles already published when the clock starts
PUBLISH_EVERY = timedelta(minutes=10)  # spacing of the articles published after the start
TRACKING = {"utm_source": "rss", "utm_medium": "feed", "utm_campaign": "akhbar"}
EDITED_NOTE = {
    "ar": "تحديث: تمت إضافة تفاصيل جديدة إلى هذا الخبر.",
    "fr": "Mise à jour : de nouveaux détails ont été ajoutés.",
}


@dataclass(frozen=True)
class Version:
    at: datetime
    title: str
    lede: str
    paragraphs: tuple[str, ...]


@dataclass
class Item:
    """One article as one outlet publishes it."""

    outlet: Outlet
    number: int
    record: Record
    published: datetime
    wire_group: str | None
    story_group: str
    path: str = ""
    versions: list[Version] = field(default_factory=list)
    deleted_at: datetime | None = None

    @property
    def url(self) -> str:
        return self.outlet.base_url + self.path

    @property
    def image_url(self) -> str:
        return f"{self.outlet.base_url}/media/{self.number}.png"

    def version_at(self, now: datetime) -> Version:
        return (
            [v for v in self.versions if v.at <= now][-1]
            if now >= self.published
            else self.versions[0]
        )

    def status(self, now: datetime) -> str:
        if now < self.published:
            return "scheduled"
        if self.deleted_at is not None and now >= self.deleted_at:
            return "deleted"
        return "live"

    @property
    def gone_code(self) -> int:
        return 410 if self.number % 2 else 404


def title_slug(title: str, words: int = 8) -> str:
    """An Arabic (or Latin) slug from a title's first words, percent-encoded."""
    tokens = re.findall(r"\w+", title)[:words]
    return quote("-".join(tokens) or "article", safe="-")


def canonical_path(outlet: Outlet, number: int, record: Record, published: datetime) -> str:
    style = outlet.url_style
    if style == "slug":
        return f"/{record.category}/{number}-{title_slug(record.title)}"
    if style == "numeric":
        return f"/article/{number}.html"
    if style == "query":
        return f"/index.php?news={number}"
    return f"/{published:%Y/%m/%d}/{title_slug(record.title)}-{number}/"


def feed_link(item: Item) -> str:
    """The URL an outlet's feeds give for an item: clean, with tracking, or via a redirect."""
    if item.outlet.feed_links == "redirect":
        return f"{item.outlet.base_url}/go/{item.number}"
    if item.outlet.feed_links == "tracking":
        sep = "&" if "?" in item.path else "?"
        return item.url + sep + urlencode(TRACKING)
    return item.url


class Site:
    """Every outlet and item, indexed for serving, with the clock that drives them."""

    def __init__(self, outlets: list[Outlet], items: list[Item], clock: Clock, seed: int) -> None:
        self.outlets, self.items, self.clock, self.seed = outlets, items, clock, seed
        self.by_outlet: dict[int, list[Item]] = {o.index: [] for o in outlets}
        for item in sorted(items, key=lambda i: i.published, reverse=True):
            self.by_outlet[item.outlet.index].append(item)
        self.by_path = {(i.outlet.index, i.path): i for i in items}
        self.by_number = {(i.outlet.index, i.number): i for i in items}
        self._visible: dict[tuple[int, int, str | None], list[Item]] = {}

    def visible(self, outlet: int, section: str | None = None) -> list[Item]:
        """Live items of an outlet (or one section), newest first; memoized per clock tick."""
        key = (self.clock.version, outlet, section)
        if key not in self._visible:
            if len(self._visible) > 10_000 or any(k[0] != key[0] for k in list(self._visible)[:1]):
                self._visible.clear()
            now = self.clock.now()
            self._visible[key] = [
                i
                for i in self.by_outlet[outlet]
                if i.status(now) == "live" and (section is None or i.record.category == section)
            ]
        return self._visible[key]


def make_items(
    records: list[Record], owners: list[int], outlets: list[Outlet], seed: int, wire_rate: float
) -> list[Item]:
    """Items for the corpus records and their wire copies, numbered per outlet."""
    groups = wire.wire_groups(records)
    rows = [(r, o, g) for r, o, g in zip(records, owners, groups, strict=True)]
    # Records the corpus groups neither as wire copies nor as stories get synthesized copies.
    loose = [
        k
        for k, (r, g) in enumerate(zip(records, groups, strict=True))
        if g is None and r.story_group is None
    ]
    languages = [o.languages for o in outlets]
    copies = wire.synthesize(
        [records[k] for k in loose], [owners[k] for k in loose], languages, seed, wire_rate
    )
    for _, _, group, original in copies:
        rows[loose[original]] = (records[loose[original]], owners[loose[original]], group)
    rows += [(r, o, g) for r, o, g, _ in copies]
    items, counters = [], {}
    for record, owner, group in sorted(rows, key=lambda row: (row[0].published, row[0].id)):
        outlet = outlets[owner]
        counters[owner] = counters.get(owner, 0) + 1
        published = record.published.astimezone(ZoneInfo(outlet.timezone))
        story = record.story_group or group or f"story:{record.id}"
        items.append(Item(outlet, 1000 + counters[owner], record, published, group, story))
    return items


def schedule(items: list[Item], seed: int) -> datetime:
    """Set publish times, edits and deletions; returns the clock's start time."""
    items.sort(key=lambda i: (i.published, i.record.id))
    cutoff = max(1, int(len(items) * BACKLOG_SHARE))
    start = items[cutoff - 1].published + timedelta(minutes=5)
    for k, item in enumerate(items[cutoff:]):
        item.published = (start + PUBLISH_EVERY * (k + 1)).astimezone(item.published.tzinfo)
    for item in items:
        r = item.record
        item.versions = [Version(item.published, r.title, r.lede, r.paragraphs)]
        h = stable_hash(seed, "life", r.id)
        if h % 20 == 0:
            note = EDITED_NOTE["fr" if r.lang == "fr" else "ar"]
            at = max(item.published, start) + timedelta(minutes=30 + h % 150)
            title = r.title + (" (mis à jour)" if r.lang == "fr" else " (محدث)")
            item.versions.append(Version(at, title, r.lede, r.paragraphs + (note,)))
        elif h % 50 == 1 and item.published < start:
            item.deleted_at = start + timedelta(minutes=15 + h % 200)
    return start


def build_site(
    records: list[Record],
    n_outlets: int,
    seed: int,
    base_urls: list[str] | None = None,
    by_source: bool | None = None,
    wire_rate: float = 0.1,
) -> Site:
    """The whole simulated web; base_urls[i] is outlet i's `http://127.0.0.1:PORT`."""
    outlets, owners = build_outlets(records, n_outlets, seed, by_source)
    for outlet in outlets:
        outlet.base_url = base_urls[outlet.index] if base_urls else f"http://{outlet.slug}.test"
    items = make_items(records, owners, outlets, seed, wire_rate)
    start = schedule(items, seed)
    for item in items:
        item.path = canonical_path(item.outlet, item.number, item.record, item.published)
    return Site(outlets, items, Clock(start), seed)
