"""Parse what a reader types into a search query (pure: no database, no FTS syntax).

Syntax: words (all required), "exact phrases", -exclusions, ``OR`` between two
items, and filters ``source:``, ``category:``, ``lang:``, ``date:YYYY-MM-DD``,
``date:FROM..TO``, ``after:`` and ``before:``. Words and phrases go through the
shared analyzer, so the query is normalized and stemmed exactly as the index.

A word with known spellings in another script (تبون / Tebboune) becomes an OR
group of all of them when an alias table is passed in (``akhbar.search.aliases``).
``relaxed(query)`` is the fallback of a strict query that found too little:
articles holding some of the words but not all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

import regex

from akhbar.text.analyzer import analyze

FILTER_KEYS = ("source", "category", "lang", "date", "after", "before")
TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')
# What FTS5's unicode61 tokenizer keeps in a token (letters, digits, private use); anything
# else inside an analyzer term (an apostrophe, a combining mark, a zero-width joiner) splits it.
_ENGINE_TOKEN = regex.compile(r"[\p{L}\p{N}\p{Co}]+")
_NOT_ENGINE_TOKEN = regex.compile(r"[^\p{L}\p{N}\p{Co} ]")


def engine_tokens(terms) -> list[str]:
    """The tokens every full-text engine indexes for these analyzer terms: FTS5 splits a term
    like ``aujourd'hui`` in two and folds case, so the PostgreSQL index is given the same
    tokens (``index.document_fields``) and both count and match alike."""
    return [token for term in terms for token in _ENGINE_TOKEN.findall(term.lower())]


def engine_text(terms: list[str]) -> str:
    """``engine_tokens`` joined with spaces (the indexing path: most texts need no split)."""
    text = " ".join(terms).lower()
    return text if _NOT_ENGINE_TOKEN.search(text) is None else " ".join(engine_tokens(terms))


class QueryError(ValueError):
    """The query cannot be run; the message says why, for the reader."""


@dataclass(frozen=True)
class Item:
    """One word or phrase, as analyzed terms (several terms = a phrase)."""

    terms: tuple[str, ...]
    text: str

    @property
    def tokens(self) -> tuple[str, ...]:
        """The terms as the index holds them (``engine_tokens``): the phrase the engine runs."""
        return tuple(engine_tokens(self.terms))


@dataclass
class Filters:
    sources: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class ParsedQuery:
    """AND of groups, each an OR of items; minus the excluded items; within the filters.

    ``not_all`` (set by ``relaxed``) removes the articles matching every one of
    these groups: the strict matches, already shown before the partial ones.
    """

    groups: list[list[Item]] = field(default_factory=list)
    excluded: list[Item] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    not_all: list[list[Item]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def positive_items(self) -> list[Item]:
        """The items whose matches add to the rank: NOT-side ones (exclusions, the strict
        matches a relaxed query leaves out) never do, on either engine."""
        return [item for group in self.groups for item in group]

    def positive_terms(self) -> set[str]:
        return {term for group in self.groups for item in group for term in item.terms}


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"search: {value!r} is not a date (use YYYY-MM-DD)") from None


def _apply_filter(filters: Filters, key: str, value: str) -> None:
    if key == "source":
        filters.sources.append(value.lower())
    elif key == "category":
        filters.categories.append(value.lower())
    elif key == "lang":
        filters.languages.append(value.lower())
    elif key == "after":
        filters.date_from = _parse_day(value)
    elif key == "before":
        filters.date_to = _parse_day(value)
    else:  # date:DAY, or date:FROM..TO where either end may be left open
        first, dots, last = value.partition("..")
        last = last if dots else first
        filters.date_from = _parse_day(first) if first else None
        filters.date_to = _parse_day(last) if last else None


Analyze = Callable[[str], list[str]]
Aliases = Callable[[str], list[str]]  # a word as typed → its other spellings


def _item(text: str, analyzer: Analyze = analyze) -> Item | None:
    terms = tuple(analyzer(text))
    return Item(terms, text) if terms else None


def _with_aliases(item: Item, aliases: Aliases | None, analyzer: Analyze) -> list[Item]:
    """The item, then one item per other spelling of it (none for phrases of several terms)."""
    group = [item]
    if aliases is None or len(item.terms) != 1:
        return group
    for spelling in aliases(item.text):
        alias = _item(spelling, analyzer)
        if alias is not None and alias.terms not in {i.terms for i in group}:
            group.append(alias)
    return group


def relaxed(query: ParsedQuery) -> ParsedQuery:
    """Any of the query's words, minus the strict matches: the fill-in of a short result list."""
    items = [item for group in query.groups for item in group]
    return replace(query, groups=[items], not_all=query.groups)


def parse_query(
    text: str, *, analyzer: Analyze = analyze, aliases: Aliases | None = None
) -> ParsedQuery:
    """Parse a reader's query; stop words alone vanish, filters are pulled out.

    ``analyzer`` is the shared analyzer unless an evaluation compares variants;
    ``aliases`` gives each word's spellings in the other script.
    """
    query = ParsedQuery()
    join_next = False
    for match in TOKEN.finditer(text):
        negated, key, phrase, word = match.groups()
        value = phrase if phrase is not None else word
        if key and key.lower() in FILTER_KEYS and not negated:
            _apply_filter(query.filters, key.lower(), value)
            continue
        if key:  # an unknown "key:value" is searched as plain text
            value = f"{key} {value}"
        if word == "OR" and not negated and query.groups:
            join_next = True
            continue
        item = _item(value, analyzer)
        if item is None:
            continue
        if negated:
            query.excluded.append(item)
        elif join_next:
            query.groups[-1].extend(_with_aliases(item, aliases, analyzer))
        else:
            query.groups.append(_with_aliases(item, aliases, analyzer))
        join_next = False
    return query
