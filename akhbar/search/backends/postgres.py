"""PostgreSQL: a weighted tsvector over our analyzer's terms, ranked by FTS5's bm25.

The only module writing tsquery. Matching is the GIN index over ``search_vector`` (title
weight A, body weight B); the rank is FTS5's ``bm25(4, 1)`` computed in SQL from the same
statistics (``backends/bm25.py``), so both backends return the same results in the same
order, up to ties:

- a phrase's weighted frequency in a row, ``4 * title hits + body hits``, is
  ``4 * ts_rank_cd('{-, -, 0.25, 1}', vector, phrase)``: with normalization 0, cover density
  adds the weight of each instance of a one-phrase query (each instance is a cover);
- the row's token count is ``search_document.term_count`` (migration 0003);
- N and the mean token count come from ``search_totals``; a term's document frequency from
  ``search_term_df`` (migration 0004, kept by statement triggers), a phrase's from the GIN
  index (remembered while the archive has not grown by more than 1 %).
"""

from __future__ import annotations

import math
from time import monotonic

from django.db import DatabaseError, transaction

from akhbar.search.backends import bm25
from akhbar.search.backends.base import SearchBackend
from akhbar.search.query import Item, ParsedQuery

# ts_rank_cd's weights {D, C, B, A}: A (title) counts 1, B (body) BODY/TITLE; D and C are
# never stored. Times TITLE_WEIGHT: the weighted frequency of FTS5's bm25.
FREQUENCY_WEIGHTS = f"{{0.1, 0.1, {bm25.BODY_WEIGHT / bm25.TITLE_WEIGHT}, 1.0}}"
DF_TTL = 600.0
DF_DRIFT = 0.01  # a document frequency is counted again once N moved by more than this
DF_CACHE_SIZE = 50_000
TOTALS_COMPACT_AT = 500  # delta rows of search_totals folded into one past this count
# A query whose terms bound its matches to at most this many takes them from the GIN index.
GIN_MATCHES_MAX = 5000
GIN_SAMPLE_FACTOR = 2000  # ... and, without phrases, up to sqrt(this * N) (match_ids_sql)
# A query that can match at most this share of the rows ranks its windows from the GIN index.
SPARSE_SHARE = 0.1
_DF_CACHE: dict[tuple[str, str], tuple[int, int, float]] = {}


def ts_token(token: str) -> str:
    """One token, quoted as a tsquery lexeme."""
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def ts_item(item: Item) -> str:
    """A term, or a phrase joined with <-> (followed-by), each token quoted as a lexeme.

    A phrase stays within the title (weight A) or within the body (B), as in FTS5's columns:
    the body's positions follow the title's, so its first word is "followed by" the
    title's last one in the tsvector."""
    quoted = [ts_token(token) for token in item.tokens]
    if len(quoted) == 1:
        return f"({quoted[0]})"
    title, body = (" <-> ".join(f"{q}:{weight}" for q in quoted) for weight in "AB")
    return f"(({title}) | ({body}))"


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
    age_days_sql = "GREATEST(0.0, EXTRACT(EPOCH FROM (now() - COALESCE(a.published_at, a.fetched_at))) / 86400.0)"

    def __init__(self, connection, tz: str = "Africa/Algiers"):
        super().__init__(connection, tz)
        self._idfs: dict[str, list[float]] = {}  # per query, for its windows and bound
        self._avgdl: float | None = None
        self._bounds: dict[str, float] = {}  # per query: at most this many rows match

    def match_ids_sql(self, query: ParsedQuery, low: int) -> tuple[str, list]:
        """The matches from id ``low`` on. PostgreSQL walks the primary key backwards for
        the newest matches and tests each row's vector (read back from TOAST): cheap for
        frequent words, slow for rarer ones (a relaxed query of two words read 32,000
        vectors for 1,000 matches). When the terms' frequencies bound the matches to at
        most GIN_MATCHES_MAX, they are all taken from the GIN index instead (the sort on
        ``article_id + 0`` hides the key's order from the planner); the result is the same.
        Without phrases, up to sqrt(GIN_SAMPLE_FACTOR * N) matches: the GIN way costs about
        3 us per match, the key's walk 7 us per row read, SAMPLE_CAP * N / matches rows."""
        sql = (
            "SELECT d.article_id AS id FROM search_document d "
            "WHERE d.search_vector @@ to_tsquery('simple', %s) AND d.article_id >= %s"
        )
        bound = self._matches_bound(query)
        if bound <= GIN_MATCHES_MAX or (
            not self._has_phrase(query) and bound**2 <= GIN_SAMPLE_FACTOR * self._totals()[0]
        ):
            sql = f"SELECT id FROM ({sql} ORDER BY d.article_id + 0 DESC) AS g"
        return sql, [ts_query(query), low]

    @staticmethod
    def _has_phrase(query: ParsedQuery) -> bool:
        """A phrase is rechecked on every candidate the GIN index gives (its vector read)."""
        items = [i for g in (*query.groups, *query.not_all) for i in g] + list(query.excluded)
        return any(len(item.tokens) > 1 for item in items)

    def _sparse(self, query: ParsedQuery) -> bool:
        """At most SPARSE_SHARE of the rows can match: an id window is then ranked from the
        GIN index's matches, not by testing every row of the window (module docstring)."""
        if self._has_phrase(query):  # rechecked in or out of the window: keep the key
            return False
        rows, _ = self._totals()
        return self._matches_bound(query) <= SPARSE_SHARE * rows

    def _matches_bound(self, query: ParsedQuery) -> float:
        """At most this many rows match: every group must, and a group's matches are at
        most the sum of its items' (an item's at most its rarest token's frequency)."""
        key = ts_all(query.groups)
        if key not in self._bounds:
            items = [item for group in query.groups for item in group]
            terms = sorted({f"({ts_token(token)})" for item in items for token in item.tokens})
            frequency = self._term_frequencies(terms)  # a token PostgreSQL splits: unknown

            def item_bound(item: Item) -> float:
                return min(frequency.get(f"({ts_token(t)})", math.inf) for t in item.tokens)

            bounds = [sum(item_bound(item) for item in group) for group in query.groups]
            self._bounds[key] = min(bounds, default=0)
        return self._bounds[key]

    def ranked_sql(self, query: ParsedQuery, low: int, high: int) -> tuple[str, list]:
        """FTS5's bm25 of each match in [low, high) (module docstring)."""
        items, idfs = query.positive_items(), self._idf(query)
        # The weighted frequency of each phrase, once per row (it appears twice in bm25).
        frequencies = ", ".join(
            f"{bm25.TITLE_WEIGHT!r} * ts_rank_cd('{FREQUENCY_WEIGHTS}', d.search_vector, "
            f"to_tsquery('simple', %s)) AS f{i}"
            for i in range(len(items))
        )
        length = f"{bm25.K1!r} * (1 - {bm25.B!r} + {bm25.B!r} * d.term_count / {self._avgdl!r})"
        rank = " + ".join(
            f"{idf!r} * f{i} * {bm25.K1 + 1!r} / (f{i} + s.norm)" for i, idf in enumerate(idfs)
        )
        # OFFSET 0 keeps the lateral subquery whole: flattened, each f_i would be computed
        # (and the vector read back from TOAST) once per use in the rank, twice.
        sql = (
            f"SELECT d.article_id AS id, {rank} AS rank FROM search_document d "
            f"CROSS JOIN LATERAL (SELECT {frequencies}, {length} AS norm OFFSET 0) s "
            "WHERE d.search_vector @@ to_tsquery('simple', %s) "
            "AND d.article_id >= %s AND d.article_id < %s"
        )
        if self._sparse(query):  # ``+ 0``: no range scan of the key, the GIN bitmap instead
            sql = sql.replace("d.article_id >= %s AND d.article_id < %s",
                              "d.article_id + 0 >= %s AND d.article_id + 0 < %s")  # fmt: skip
        return sql, [*(ts_item(item) for item in items), ts_query(query), low, high]

    def rank_bound(self, query: ParsedQuery, best_seen: float) -> float:
        """bm25's ceiling: exact, as on SQLite (the same idf)."""
        return bm25.ceiling(self._idf(query))

    def day_sql(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    # --- The statistics of bm25 ----------------------------------------------------------

    def _idf(self, query: ParsedQuery) -> list[float]:
        """The idf of each positive item, as FTS5 computes it; counted once per query."""
        key = ts_query(query)
        if key not in self._idfs:
            rows, terms = self._totals()
            self._avgdl = terms / rows if rows else 1.0
            hits = self._frequencies([ts_item(item) for item in query.positive_items()], rows)
            self._idfs[key] = [bm25.idf(rows, n) for n in hits]
        return self._idfs[key]

    def _totals(self) -> tuple[int, int]:
        """(rows, tokens) of the index: the sum of search_totals' delta rows."""
        deltas, rows, terms = self._rows(
            "SELECT COUNT(*), COALESCE(SUM(documents), 0), COALESCE(SUM(terms), 0) "
            "FROM search_totals",
            [],
        )[0]
        if deltas > TOTALS_COMPACT_AT:
            self._compact_totals()
        return int(rows), int(terms)

    def _compact_totals(self) -> None:
        """Fold the delta rows into one. Two searches folding at once each fold the rows
        they deleted (a row deleted by the other is skipped), so the sum never changes."""
        try:
            with transaction.atomic(using=self.connection.alias):
                self._rows(
                    "WITH gone AS (DELETE FROM search_totals RETURNING documents, terms) "
                    "INSERT INTO search_totals (documents, terms) "
                    "SELECT COALESCE(SUM(documents), 0), COALESCE(SUM(terms), 0) FROM gone "
                    "RETURNING documents",
                    [],
                )
        except DatabaseError:  # a read-only connection, say: the sum stays right unfolded
            pass

    def _frequencies(self, phrases: list[str], rows: int) -> list[int]:
        """Rows holding each phrase (FTS5's n_i). A single term's is read from
        ``search_term_df`` (migration 0004: exact, one index lookup); a phrase's is counted,
        and remembered per database until N moves by more than DF_DRIFT or DF_TTL seconds
        pass: exact on an archive that stands still."""
        found = self._term_frequencies(phrases)
        name, now = self.connection.settings_dict["NAME"], monotonic()
        for phrase in phrases:
            cached = _DF_CACHE.get((name, phrase))
            if (
                phrase not in found
                and cached
                and abs(rows - cached[1]) <= DF_DRIFT * cached[1]
                and (rows == cached[1] or now - cached[2] <= DF_TTL)
            ):
                found[phrase] = cached[0]
        missing = sorted(set(phrases) - set(found))
        if missing:
            # One count per phrase: a bitmap scan of the GIN index that never reads the
            # vectors back (FILTER clauses over one scan would detoast every row).
            count = (
                "(SELECT COUNT(*) FROM search_document "
                "WHERE search_vector @@ to_tsquery('simple', %s))"
            )
            values = self._rows("SELECT " + ", ".join([count] * len(missing)), missing)[0]
            if len(_DF_CACHE) > DF_CACHE_SIZE:
                _DF_CACHE.clear()
            for phrase, count in zip(missing, values, strict=True):
                found[phrase] = count
                _DF_CACHE[(name, phrase)] = (count, rows, now)
        return [found[phrase] for phrase in phrases]

    def _term_frequencies(self, phrases: list[str]) -> dict[str, int]:
        """The phrases that PostgreSQL parses into one lexeme, with that lexeme's document
        frequency from ``search_term_df`` (0 when no row holds it). The lexeme is read from
        the parsed tsquery, so it is the very key the triggers counted (engine tokens hold
        no quote: a one-lexeme tsquery's text is the lexeme between two quotes)."""
        if not phrases:
            return {}
        rows = self._rows(
            "SELECT x.phrase, COALESCE(d.df, 0) FROM unnest(%s::text[]) AS x (phrase) "
            "CROSS JOIN LATERAL (SELECT to_tsquery('simple', x.phrase)::text AS q) AS p "
            "LEFT JOIN search_term_df d ON d.term = substr(p.q, 2, length(p.q) - 2) "
            "WHERE numnode(to_tsquery('simple', x.phrase)) = 1",
            [list(dict.fromkeys(phrases))],
        )
        return {phrase: int(df) for phrase, df in rows}
