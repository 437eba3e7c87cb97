"""Read a sources file (TOML) into plain, validated SourceSpec values.

Pure: standard library only, no Django, no network. lxml is used, when it is
importable, to check that extraction rules are valid XPath.

Every problem in the file is reported at once, each with the line of the
offending key (or of the `[[sources]]` header when the key is missing), so an
editor can fix the whole file in one pass.
"""

import re
import tomllib
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

try:
    from lxml import etree
except ImportError:  # pragma: no cover - lxml is a dependency, but stay pure without it
    etree = None

from akhbar.news.slugs import is_reserved

DEFAULT_TIMEZONE = "Africa/Algiers"
LANGUAGES = ("ar", "fr", "en")
SOURCE_KINDS = ("agency", "daily", "weekly", "tv", "radio", "online")
OWNERSHIPS = ("public", "private")
FEED_KINDS = ("rss", "atom", "jsonfeed", "sitemap", "html")

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
HEADER_RE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\s-]+?)\s*\]\]?\s*(?:#.*)?$")
KEY_RE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
TOML_POSITION_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


@dataclass(frozen=True)
class FeedSpec:
    url: str
    kind: str


@dataclass(frozen=True)
class RuleSpec:
    prune: tuple[str, ...]
    select: str | None


@dataclass(frozen=True)
class SourceSpec:
    slug: str
    name_ar: str
    name_fr: str
    homepage: str
    country: str
    languages: tuple[str, ...]
    kind: str
    ownership: str
    active: bool
    timezone: str
    feeds: tuple[FeedSpec, ...]
    rules: RuleSpec | None
    line: int


@dataclass(frozen=True)
class SourceFileProblem:
    line: int
    message: str


class SourceFileError(Exception):
    """All the problems of one sources file, as `FILE:LINE: message` lines."""

    def __init__(self, filename: str, errors: list[SourceFileProblem]):
        self.filename = filename
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(f"{self.filename}:{e.line}: {e.message}" for e in self.errors)


# --- where things are in the raw text ------------------------------------------------------


@dataclass
class _Block:
    """A table in the raw text: its header line and the line of each of its keys."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)

    def key_line(self, key: str) -> int:
        return self.keys.get(key, self.line)


@dataclass
class _SourceLines:
    block: _Block
    feeds: list[_Block] = field(default_factory=list)
    rules: _Block | None = None

    def feed_block(self, index: int) -> _Block:
        if index < len(self.feeds):
            return self.feeds[index]
        return _Block(self.block.key_line("feeds"))  # inline feeds: point at `feeds =`

    def rules_block(self) -> _Block:
        return self.rules or _Block(self.block.key_line("rules"))


def scan_source_lines(text: str) -> list[_SourceLines]:
    """Map each `[[sources]]` entry, its feeds and rules to their lines in the raw text."""
    sources: list[_SourceLines] = []
    current: _Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        header = HEADER_RE.match(raw)
        if header:
            current = _open_block(sources, re.sub(r"\s+", "", header.group(1)), number)
        elif (key := KEY_RE.match(raw)) and current is not None:
            current.keys.setdefault(key.group(1), number)
    return sources


def _open_block(sources: list[_SourceLines], name: str, number: int) -> _Block | None:
    if name == "sources":
        sources.append(_SourceLines(_Block(number)))
        return sources[-1].block
    if not sources:
        return None
    if name == "sources.feeds":
        sources[-1].feeds.append(_Block(number))
        return sources[-1].feeds[-1]
    if name == "sources.rules":
        sources[-1].rules = _Block(number)
        return sources[-1].rules
    return None


def _lines_for(scanned: list[_SourceLines], index: int) -> _SourceLines:
    if index < len(scanned):
        return scanned[index]
    return _SourceLines(_Block(1))  # e.g. `sources = [{...}]` written inline


# --- checks on single values: each returns a message, or None when the value is fine --------


def _slug_problem(value: str) -> str | None:
    if not SLUG_RE.match(value):
        return f'bad slug "{value}" (use lowercase letters, digits and single hyphens)'
    if is_reserved(value):
        return f"slug taken by the site's own page /{value}/; choose another"
    return None


def _text_problem(value: str) -> str | None:
    return None if value.strip() else "name_ar must not be empty"


def _url_problem(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname:
        return None
    return f'bad URL "{value}" (expected http:// or https:// with a host)'


def _country_problem(value: str) -> str | None:
    if COUNTRY_RE.match(value):
        return None
    return f'bad country "{value}" (expected an ISO 3166-1 alpha-2 code such as "DZ")'


def _languages_problem(value: list) -> str | None:
    if not value:
        return "languages must list at least one language"
    unknown = [lang for lang in value if lang not in LANGUAGES]
    if unknown:
        return f"unknown language {_quoted(unknown)} (expected {_quoted(LANGUAGES)})"
    if len(set(value)) != len(value):
        return "languages lists a language twice"
    return None


def _timezone_problem(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return f'invalid timezone "{value}" (expected an IANA name such as "{DEFAULT_TIMEZONE}")'
    return None


def _xpath_problem(value: str) -> str | None:
    if etree is None:
        return None
    try:
        etree.XPath(value)
    except etree.XPathError as exc:
        return f'invalid XPath "{value}" ({exc})'
    return None


def _xpath_list_problem(value: list[str]) -> str | None:
    problems = [p for p in map(_xpath_problem, value) if p]
    return "; ".join(problems) or None


def _choice(name: str, allowed: tuple[str, ...]):
    def problem(value: str) -> str | None:
        if value in allowed:
            return None
        return f'unknown {name} "{value}" (expected {_quoted(allowed)})'

    return problem


def _quoted(values) -> str:
    return ", ".join(f'"{v}"' if isinstance(v, str) else repr(v) for v in values)


# --- the schema: key -> (type, required, value check) ------------------------------------

SOURCE_FIELDS = {
    "slug": (str, True, _slug_problem),
    "name_ar": (str, True, _text_problem),
    "name_fr": (str, False, None),
    "homepage": (str, True, _url_problem),
    "country": (str, True, _country_problem),
    "languages": (list, True, _languages_problem),
    "kind": (str, True, _choice("kind", SOURCE_KINDS)),
    "ownership": (str, True, _choice("ownership", OWNERSHIPS)),
    "active": (bool, False, None),
    "timezone": (str, False, _timezone_problem),
    "feeds": (list, False, None),
    "rules": (dict, False, None),
}
FEED_FIELDS = {
    "url": (str, True, _url_problem),
    "kind": (str, True, _choice("feed kind", FEED_KINDS)),
}
RULE_FIELDS = {
    "prune": (list, False, _xpath_list_problem),
    "select": (str, False, _xpath_problem),
}
TYPE_NAMES = {str: "a string", bool: "true or false", list: "an array", dict: "a table"}


def _has_type(value: object, expected: type) -> bool:
    if expected is bool:
        return isinstance(value, bool)
    return isinstance(value, expected) and not isinstance(value, bool)


class _Checker:
    """Collects the problems of one file."""

    def __init__(self) -> None:
        self.problems: list[SourceFileProblem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(SourceFileProblem(line, message))

    def table(self, table: dict, fields: dict, block: _Block, where: str) -> None:
        """Check a table's keys against a schema: unknown, missing, wrong type, bad value."""
        for key in table.keys() - fields.keys():
            self.add(block.key_line(key), f'{where}: unknown key "{key}"')
        for key, (expected, required, check) in fields.items():
            self.value(table, key, (expected, required, check), block, where)

    def value(self, table: dict, key: str, rule: tuple, block: _Block, where: str) -> None:
        expected, required, check = rule
        if key not in table:
            if required:
                self.add(block.line, f'{where}: missing required key "{key}"')
            return
        line, value = block.key_line(key), table[key]
        if not _has_type(value, expected):
            self.add(line, f'{where}: "{key}" must be {TYPE_NAMES[expected]}')
        elif check and (message := _value_problem(check, value, key)):
            self.add(line, f"{where}: {message}")


def _value_problem(check, value, key: str) -> str | None:
    """Run a key's own check, once arrays are known to hold only strings."""
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        return f'"{key}" must be an array of strings'
    return check(value)


# --- one entry ------------------------------------------------------------------------------


def _where(entry: object, index: int) -> str:
    slug = entry.get("slug") if isinstance(entry, dict) else None
    return f'source "{slug}"' if isinstance(slug, str) else f"source #{index + 1}"


def _check_source(entry: object, index: int, lines: _SourceLines, checker: _Checker):
    where = _where(entry, index)
    if not isinstance(entry, dict):
        checker.add(lines.block.line, f"{where}: must be a table")
        return None
    before = len(checker.problems)
    checker.table(entry, SOURCE_FIELDS, lines.block, where)
    feeds = _check_feeds(entry.get("feeds"), lines, where, checker)
    rules = _check_rules(entry.get("rules"), lines, where, checker)
    if len(checker.problems) > before:
        return None
    return _source_spec(entry, feeds, rules, lines.block.line)


def _check_feeds(feeds: object, lines: _SourceLines, where: str, checker: _Checker):
    if not isinstance(feeds, list):
        return ()
    specs = []
    for index, feed in enumerate(feeds):
        block, feed_where = lines.feed_block(index), f"{where} feed {index + 1}"
        if not isinstance(feed, dict):
            checker.add(block.line, f"{feed_where}: must be a table with url and kind")
            continue
        checker.table(feed, FEED_FIELDS, block, feed_where)
        specs.append(FeedSpec(url=feed.get("url"), kind=feed.get("kind")))
    return tuple(specs)


def _check_rules(rules: object, lines: _SourceLines, where: str, checker: _Checker):
    if not isinstance(rules, dict):
        return None
    checker.table(rules, RULE_FIELDS, lines.rules_block(), f"{where} rules")
    prune = rules.get("prune", [])
    return RuleSpec(
        prune=tuple(prune) if isinstance(prune, list) else (), select=rules.get("select")
    )


def _source_spec(entry: dict, feeds: tuple, rules: RuleSpec | None, line: int) -> SourceSpec:
    return SourceSpec(
        slug=entry["slug"],
        name_ar=entry["name_ar"],
        name_fr=entry.get("name_fr", ""),
        homepage=entry["homepage"],
        country=entry["country"],
        languages=tuple(entry["languages"]),
        kind=entry["kind"],
        ownership=entry["ownership"],
        active=entry.get("active", True),
        timezone=entry.get("timezone", DEFAULT_TIMEZONE),
        feeds=feeds,
        rules=rules,
        line=line,
    )


# --- the whole file -------------------------------------------------------------------------


def _load_toml(text: str, checker: _Checker) -> dict | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = TOML_POSITION_RE.search(message)
        line = int(position.group(1)) if position else max(1, len(text.splitlines()))
        checker.add(line, f"TOML syntax error: {TOML_POSITION_RE.sub('', message)}")
        return None


def _source_entries(data: dict, checker: _Checker) -> list:
    for key in data.keys() - {"sources"}:
        checker.add(1, f'unknown top-level key "{key}" (expected only [[sources]] entries)')
    entries = data.get("sources", [])
    if not isinstance(entries, list):
        checker.add(1, '"sources" must be an array of tables: write [[sources]]')
        return []
    return entries


def _check_unique(entries: list, scanned: list[_SourceLines], checker: _Checker) -> None:
    """A slug names one source, a feed URL belongs to one source: report the repeats."""
    seen: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(entries):
        for what, value, line in _unique_values(entry, _lines_for(scanned, index)):
            if (what, value) in seen:
                first = seen[(what, value)]
                checker.add(line, f'duplicate {what} "{value}" (first on line {first})')
            seen.setdefault((what, value), line)


def _unique_values(entry: object, lines: _SourceLines):
    if not isinstance(entry, dict):
        return
    if isinstance(entry.get("slug"), str):
        yield "slug", entry["slug"], lines.block.key_line("slug")
    feeds = entry.get("feeds") if isinstance(entry.get("feeds"), list) else []
    for index, feed in enumerate(feeds):
        if isinstance(feed, dict) and isinstance(feed.get("url"), str):
            yield "feed URL", feed["url"], lines.feed_block(index).key_line("url")


def parse_sources(text: str, filename: str = "<sources>") -> list[SourceSpec]:
    """Parse and validate a sources file; raise SourceFileError listing every problem."""
    checker = _Checker()
    data = _load_toml(text, checker)
    entries = _source_entries(data, checker) if data is not None else []
    scanned = scan_source_lines(text)
    specs = [
        _check_source(entry, index, _lines_for(scanned, index), checker)
        for index, entry in enumerate(entries)
    ]
    _check_unique(entries, scanned, checker)
    if checker.problems:
        problems = sorted(checker.problems, key=lambda p: p.line)
        raise SourceFileError(filename, problems)
    return specs


def read_sources(path) -> list[SourceSpec]:
    """Parse the sources file at `path` (str or Path), naming it in error messages."""
    with open(path, encoding="utf-8") as handle:
        return parse_sources(handle.read(), filename=str(path))
