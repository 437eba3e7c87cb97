"""SQLite FTS5: the embedded default. The only module that writes FTS5 query syntax."""

from akhbar.search.backends.base import SearchBackend
from akhbar.search.query import Item, ParsedQuery

# Title matches weigh more than body matches in bm25 (columns: title_terms, body_terms).
BM25_WEIGHTS = "4.0, 1.0"


def fts5_item(item: Item) -> str:
    """A term or phrase, quoted so that nothing a reader types is read as FTS5 syntax."""
    return '"' + " ".join(term.replace('"', '""') for term in item.terms) + '"'


def fts5_match(query: ParsedQuery) -> str:
    groups = ["(" + " OR ".join(fts5_item(item) for item in group) + ")" for group in query.groups]
    expression = " AND ".join(groups)
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(fts5_item(i) for i in query.excluded)})"
    return expression


class SqliteBackend(SearchBackend):
    age_days_sql = "MAX(0.0, julianday('now') - julianday(COALESCE(a.published_at, a.fetched_at)))"

    def match_sql(self, query: ParsedQuery) -> tuple[str, list]:
        # FTS5's hidden rank column (bm25 with our weights) stays usable when SQLite
        # flattens this subquery into the outer join, where calling bm25() is refused.
        # bm25 is lower for better matches: negate it so that rank grows with relevance.
        sql = (
            "SELECT rowid AS id, -rank AS rank FROM search_fts "
            f"WHERE search_fts MATCH %s AND rank MATCH 'bm25({BM25_WEIGHTS})'"
        )
        return sql, [fts5_match(query)]

    def day_sql(self, column: str) -> str:
        return f"date({column})"
