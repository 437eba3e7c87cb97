"""SQLite FTS5: the embedded default. The only module that writes FTS5 query syntax."""

import math
from time import monotonic

from akhbar.search.backends.base import SearchBackend
from akhbar.search.query import Item, ParsedQuery

# Title matches weigh more than body matches in bm25 (columns: title_terms, body_terms).
BM25_WEIGHTS = "4.0, 1.0"
BM25_K1 = 1.2  # FTS5's constant: a phrase adds at most idf * (k1 + 1) to the bm25 score
DF_TTL = 600.0
DF_CACHE_SIZE = 50_000
_DF_CACHE: dict[tuple[str, str], tuple[int, float]] = {}


def fts5_item(item: Item) -> str:
    """A term or phrase, quoted so that nothing a reader types is read as FTS5 syntax."""
    return '"' + " ".join(term.replace('"', '""') for term in item.terms) + '"'


def fts5_all(groups) -> str:
    """Every group must match; a group is an OR of items."""
    return " AND ".join("(" + " OR ".join(fts5_item(item) for item in g) + ")" for g in groups)


def fts5_match(query: ParsedQuery) -> str:
    expression = fts5_all(query.groups)
    if query.not_all:  # a relaxed query: leave out what the strict one found
        expression = f"({expression}) NOT ({fts5_all(query.not_all)})"
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(fts5_item(i) for i in query.excluded)})"
    return expression


def phrases(query: ParsedQuery) -> list[Item]:
    """Every phrase of the FTS5 expression, in order (bm25 scores each one)."""
    groups = [*query.groups, *query.not_all]
    return [item for group in groups for item in group] + list(query.excluded)


def read_varint(blob: bytes) -> int:
    """SQLite's variable-length integer (FTS5 stores its row count as one)."""
    value = 0
    for index, byte in enumerate(blob[:9]):
        if index == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            break
    return value


def bm25_idf(rows: int, hits: int) -> float:
    """FTS5's idf of a phrase found in ``hits`` of ``rows`` rows (never below 1e-6)."""
    idf = math.log((rows - hits + 0.5) / (hits + 0.5)) if rows else 0.0
    return idf if idf > 0 else 1e-6


class SqliteBackend(SearchBackend):
    age_days_sql = "MAX(0.0, julianday('now') - julianday(COALESCE(a.published_at, a.fetched_at)))"

    def match_ids_sql(self, query: ParsedQuery, low: int) -> tuple[str, list]:
        sql = "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s"
        return sql, [fts5_match(query), low]

    def ranked_sql(self, query: ParsedQuery, low: int, high: int) -> tuple[str, list]:
        # FTS5's hidden rank column (bm25 with our weights) stays usable when SQLite
        # flattens this subquery into the outer join, where calling bm25() is refused.
        # bm25 is lower for better matches: negate it so that rank grows with relevance.
        sql = (
            "SELECT rowid AS id, -rank AS rank FROM search_fts "
            f"WHERE search_fts MATCH %s AND rank MATCH 'bm25({BM25_WEIGHTS})' "
            "AND rowid >= %s AND rowid < %s"
        )
        return sql, [fts5_match(query), low, high]

    def rank_bound(self, query: ParsedQuery, best_seen: float) -> float:
        """bm25's ceiling: each phrase adds less than idf * (k1 + 1), its idf computed as
        FTS5 does (the row count is FTS5's own, from its 'averages' record). Counted once
        per query and backend."""
        rows = read_varint(self._scalar("SELECT block FROM search_fts_data WHERE id = 1", []))
        hits = [self._phrase_rows(fts5_item(item)) for item in phrases(query)]
        return sum((BM25_K1 + 1) * bm25_idf(rows, n) for n in hits)

    def _phrase_rows(self, phrase: str) -> int:
        """Rows holding the phrase, remembered for DF_TTL seconds per database: a document
        frequency hardly moves in minutes, and a stale one only loosens the bound."""
        key, now = (self.connection.settings_dict["NAME"], phrase), monotonic()
        cached = _DF_CACHE.get(key)
        if cached is None or now - cached[1] > DF_TTL:
            sql = "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s"
            cached = _DF_CACHE[key] = (self._scalar(sql, [phrase]), now)
            if len(_DF_CACHE) > DF_CACHE_SIZE:
                _DF_CACHE.clear()
        return cached[0]

    def day_sql(self, column: str) -> str:
        return f"date({column})"
