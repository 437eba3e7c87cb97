"""What every backend shares: filters, folding of wire copies, facets.

A backend only has to say how its full-text engine matches and ranks
(``match_sql``); the rest is the same SQL on every database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from akhbar.search.query import Filters, ParsedQuery

# A result loses half its relevance after this many days: fresh news first,
# among results of similar relevance.
RECENCY_HALF_LIFE_DAYS = 180.0


@dataclass
class Hit:
    article_id: int
    score: float
    matched: int  # articles of the folded group that matched


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class SearchBackend:
    """Subclasses give ``match_sql(query) -> (sql, params)`` selecting ``id, rank``.

    ``rank`` must grow with relevance; ``age_days_sql`` is the vendor's
    expression for an article's age in days.
    """

    age_days_sql = ""

    def __init__(self, connection, tz: str = "Africa/Algiers"):
        self.connection = connection
        self.tz = ZoneInfo(tz)

    def match_sql(self, query: ParsedQuery) -> tuple[str, list]:
        raise NotImplementedError

    def search(self, query, *, sort="relevance", limit=20, offset=0, facets=True) -> SearchResults:
        if query.is_empty:
            return SearchResults()
        base, params = self._matching(query)
        results = SearchResults(hits=self._hits(base, params, sort, limit, offset))
        results.total = self._scalar(f"SELECT COUNT(DISTINCT canon) FROM ({base}) AS m", params)
        if facets:
            results.facets = self._facets(base, params)
        return results

    def _matching(self, query: ParsedQuery) -> tuple[str, list]:
        """Matching, visible articles with their canonical id and recency-weighted score."""
        match, params = self.match_sql(query)
        where, filter_params = filter_sql(query.filters, self.tz)
        sql = (
            "SELECT a.id AS id, COALESCE(a.duplicate_of_id, a.id) AS canon, "
            "a.published_at AS published_at, a.source_id AS source_id, "
            "a.category_id AS category_id, "
            f"m.rank / (1.0 + {self.age_days_sql} / {RECENCY_HALF_LIFE_DAYS}) AS score "
            f"FROM ({match}) AS m JOIN news_article a ON a.id = m.id "
            f"WHERE a.held_reason = '' {where}"
        )
        return sql, params + filter_params

    def _hits(self, base: str, params: list, sort: str, limit: int, offset: int) -> list[Hit]:
        order = "MAX(published_at) DESC, canon DESC" if sort == "newest" else "score DESC, canon"
        sql = (
            f"SELECT canon, MAX(score) AS score, COUNT(*) FROM ({base}) AS m "
            f"GROUP BY canon ORDER BY {order} LIMIT %s OFFSET %s"
        )
        rows = self._rows(sql, [*params, limit, offset])
        return [Hit(article_id=row[0], score=float(row[1] or 0), matched=row[2]) for row in rows]

    def _facets(self, base: str, params: list) -> dict[str, list[tuple[str, int]]]:
        facets = {}
        for name, column in (
            ("source", "s.slug"),
            ("category", "c.slug"),
            ("day", self.day_sql("m.published_at")),
        ):
            sql = (
                f"SELECT {column} AS k, COUNT(*) AS n FROM ({base}) AS m "
                "JOIN news_source s ON s.id = m.source_id "
                "LEFT JOIN news_category c ON c.id = m.category_id "
                f"GROUP BY k ORDER BY n DESC, k LIMIT 20"
            )
            facets[name] = [(str(key), count) for key, count in self._rows(sql, params) if key]
        return facets

    def day_sql(self, column: str) -> str:
        raise NotImplementedError

    def _rows(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _scalar(self, sql: str, params: list):
        return self._rows(sql, params)[0][0]


def filter_sql(filters: Filters, tz) -> tuple[str, list]:
    """SQL conditions (each starting with AND) for the query's filters."""
    clauses, params = [], []
    if filters.sources:
        subquery = f"SELECT id FROM news_source WHERE slug IN ({_marks(filters.sources)})"
        clauses.append(f"AND a.source_id IN ({subquery})")
        params += filters.sources
    if filters.categories:
        subquery = f"SELECT id FROM news_category WHERE slug IN ({_marks(filters.categories)})"
        clauses.append(f"AND a.category_id IN ({subquery})")
        params += filters.categories
    if filters.languages:
        clauses.append(f"AND a.language IN ({_marks(filters.languages)})")
        params += filters.languages
    if filters.date_from:
        clauses.append("AND a.published_at >= %s")
        params.append(datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        clauses.append("AND a.published_at <= %s")
        params.append(datetime.combine(filters.date_to, time.max, tz))
    return " ".join(clauses), params


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))
