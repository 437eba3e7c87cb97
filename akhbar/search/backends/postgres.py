"""PostgreSQL: a weighted tsvector over our analyzer's terms. The only module writing tsquery."""

from akhbar.search.backends.base import SearchBackend
from akhbar.search.query import Item, ParsedQuery


def ts_item(item: Item) -> str:
    """A term, or a phrase joined with <-> (followed-by), each term quoted as a lexeme."""
    quoted = ["'" + term.replace("'", "''").replace("\\", "\\\\") + "'" for term in item.terms]
    return "(" + " <-> ".join(quoted) + ")"


def ts_query(query: ParsedQuery) -> str:
    groups = ["(" + " | ".join(ts_item(item) for item in group) + ")" for group in query.groups]
    expression = " & ".join(groups)
    for item in query.excluded:
        expression += f" & !{ts_item(item)}"
    return expression


class PostgresBackend(SearchBackend):
    age_days_sql = "GREATEST(0.0, EXTRACT(EPOCH FROM (now() - COALESCE(a.published_at, a.fetched_at))) / 86400.0)"

    def match_sql(self, query: ParsedQuery) -> tuple[str, list]:
        sql = (
            "SELECT d.article_id AS id, ts_rank_cd(d.search_vector, q) AS rank "
            "FROM search_document d, to_tsquery('simple', %s) AS q "
            "WHERE d.search_vector @@ q"
        )
        return sql, [ts_query(query)]

    def day_sql(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
