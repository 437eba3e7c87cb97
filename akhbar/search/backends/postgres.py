"""PostgreSQL: a weighted tsvector over our analyzer's terms. The only module writing tsquery."""

from akhbar.search.backends.base import SearchBackend
from akhbar.search.query import Item, ParsedQuery

# ts_rank_cd has no ceiling to compute: the best rank seen in the recent windows, times
# this margin, stands for it (see rank_bound).
RANK_MARGIN = 1.0


def ts_item(item: Item) -> str:
    """A term, or a phrase joined with <-> (followed-by), each term quoted as a lexeme."""
    quoted = ["'" + term.replace("'", "''").replace("\\", "\\\\") + "'" for term in item.terms]
    return "(" + " <-> ".join(quoted) + ")"


def ts_all(groups) -> str:
    """Every group must match; a group is an OR of items."""
    return " & ".join("(" + " | ".join(ts_item(item) for item in g) + ")" for g in groups)


def ts_query(query: ParsedQuery) -> str:
    expression = ts_all(query.groups)
    if query.not_all:  # a relaxed query: leave out what the strict one found
        expression = f"({expression}) & !({ts_all(query.not_all)})"
    for item in query.excluded:
        expression += f" & !{ts_item(item)}"
    return expression


class PostgresBackend(SearchBackend):
    # ts_rank_cd costs tens of microseconds a row (it reads the stored tsvector): past this
    # many ranked matches the newest-first ranking stops, settled or not (docs/SEARCH.md).
    max_ranked = 2500
    age_days_sql = "GREATEST(0.0, EXTRACT(EPOCH FROM (now() - COALESCE(a.published_at, a.fetched_at))) / 86400.0)"

    def match_ids_sql(self, query: ParsedQuery, low: int) -> tuple[str, list]:
        sql = (
            "SELECT d.article_id AS id FROM search_document d "
            "WHERE d.search_vector @@ to_tsquery('simple', %s) AND d.article_id >= %s"
        )
        return sql, [ts_query(query), low]

    def ranked_sql(self, query: ParsedQuery, low: int, high: int) -> tuple[str, list]:
        sql = (
            "SELECT d.article_id AS id, ts_rank_cd(d.search_vector, q) AS rank "
            "FROM search_document d, to_tsquery('simple', %s) AS q "
            "WHERE d.search_vector @@ q AND d.article_id >= %s AND d.article_id < %s"
        )
        return sql, [ts_query(query), low, high]

    def rank_bound(self, query: ParsedQuery, best_seen: float) -> float:
        """An estimate: the best rank among the newest matches (ts_rank_cd has no ceiling).
        An older article more relevant than all of them may be missed; see docs/SEARCH.md."""
        return best_seen * RANK_MARGIN

    def day_sql(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
