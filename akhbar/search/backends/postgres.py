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
  ``search_term_df`` (migration 0004, kept by statement triggers); a phrase's is counted on
  the GIN index, which lists its matching ids too: the query's sample and windows then read
  those rows only (a phrase with more than PHRASE_IDS_MAX matches: its count is remembered
  while the archive has not grown by more than 1 %).

Each row's vector is kept in the heap row (migration 0006), so testing or ranking a row
reads no TOAST; what plan reads which rows is chosen from the exact frequencies
(``match_ids_sql``, ``ranked_sql``, ``sample_low``).
"""

from __future__ import annotations

from bisect import bisect_left
from time import monotonic

from django.db import DatabaseError, transaction

from akhbar.search.backends import bm25
from akhbar.search.backends.base import (
    SAMPLE_CAP,
    SearchBackend,
    SearchResults,
    rare_or_phrases,
)
from akhbar.search.memo import remember
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
NARROW_SAMPLE_FACTOR = 100  # the GIN sample narrows to the newest ids past sqrt(this * N)
PHRASE_IDS_MAX = 50_000  # a phrase's matching ids kept for its query's plans, up to this many
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
    # A month first, as on SQLite: a frequent word's top often settles there (its rows are
    # the cost), and when it does not, the next window reaches back just as far as needed.
    first_window_share = 0.5
    # The sample of a filtered query is ranked as it is read: the rank costs little next to
    # reading each match (its vector is in the row), and a complete sample needs no window.
    ranks_in_sample = True
    # date_part: float8 (EXTRACT gives numeric, several times slower per row)
    age_days_sql = (
        "GREATEST(0.0, date_part('epoch', now() - COALESCE(a.published_at, a.fetched_at)) "
        "/ 86400.0)"
    )

    def __init__(self, connection, tz: str = "Africa/Algiers"):
        super().__init__(connection, tz)
        self._idfs: dict[str, list[float]] = {}  # per query, for its windows and bound
        self._avgdl: float | None = None
        self._index_totals: tuple[int, int] | None = None  # (rows, tokens), once per search
        self._bounds: dict[str, float] = {}  # per query: at most this many rows match
        self._item_rows: dict[str, int] = {}  # rows holding each item (its tsquery)
        # The sorted ids of the rows holding each phrase counted during this search
        # (at most PHRASE_IDS_MAX of them): its query's plans read these rows only.
        self._phrase_ids: dict[str, list[int]] = {}

    def search(self, query, **options) -> SearchResults:
        """The search in one transaction whose statements start no parallel workers: the
        planner guesses a rare word's matches in the thousands (a GIN estimate) and starts
        workers that cost 5-15 ms to launch for rows read in a millisecond."""
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            return super().search(query, **options)

    def match_ids_sql(self, query: ParsedQuery, low: int) -> tuple[str, list]:
        """The matches from id ``low`` on, by the cheapest of three plans (same rows):

        - the query requires a phrase whose matching ids counting its frequency listed
          (``_required_ids``): those rows only, each tested;
        - the frequencies bound the matches to at most GIN_MATCHES_MAX (without phrases, to
          sqrt(GIN_SAMPLE_FACTOR * N): the GIN way reads a heap page per match, the key's
          walk SAMPLE_CAP * N / matches rows): every match from the GIN index, or those
          above ``sample_low`` (``article_id + 0`` hides the key's order from the planner);
        - else the primary key walked backwards, each row's vector tested: cheap for
          frequent words, the newest matches come first."""
        required = self._required_ids(query)
        if required is not None:
            ids = required[bisect_left(required, low) :]
            sql = (
                "SELECT d.article_id + 0 AS id FROM search_document d "
                "WHERE ts_match_vq(d.search_vector, to_tsquery('simple', %s)) "
                "AND d.article_id = ANY(%s::bigint[]) ORDER BY 1 DESC"
            )
            return sql, [ts_query(query), ids]
        sql = (
            "SELECT d.article_id AS id FROM search_document d "
            "WHERE d.search_vector @@ to_tsquery('simple', %s) AND d.article_id >= %s"
        )
        if self._gin_sample(query):
            # The id comes out as ``article_id + 0``, sorted: the caller's ORDER BY id then
            # follows this order, so its LIMIT stops the join with news_article at the
            # newest matches instead of joining every match and sorting again.
            sql = sql.replace("d.article_id AS id", "d.article_id + 0 AS id") + " ORDER BY 1 DESC"
        return sql, [ts_query(query), low]

    def _gin_sample(self, query: ParsedQuery) -> bool:
        """The newest matches are taken from the GIN index (``match_ids_sql``)."""
        bound = self._matches_bound(query)
        return bound <= GIN_MATCHES_MAX or (
            not self._has_phrase(query) and bound**2 <= GIN_SAMPLE_FACTOR * self._totals()[0]
        )

    def sample_low(self, query: ParsedQuery) -> int:
        """Matches taken from the GIN index or from a phrase's ids cost a heap page each
        (about 3 us): the sample reads those above the id where about twice SAMPLE_CAP of
        them lie, from the phrase's ids, or at the density the frequencies give when they
        give it (one group) and the matches are many (past sqrt(NARROW_SAMPLE_FACTOR * N)):
        the GIN bitmap is then ANDed with the key's range, which costs about 0.15 us per id
        of the range (2 * SAMPLE_CAP * N / matches ids)."""
        required = self._required_ids(query)
        if required is not None:  # the ids are known: the newest twice SAMPLE_CAP of them
            return required[-2 * SAMPLE_CAP] if len(required) > 2 * SAMPLE_CAP else 0
        # Several groups, or exclusions: the frequencies bound the matches loosely, the guess
        # would fall short. A relaxed query (``not_all``) is one group, run when the strict
        # matches are few: its bound is about its count.
        if query.excluded or len(query.groups) != 1:
            return 0
        bound, (rows, _) = self._matches_bound(query), self._totals()
        if not bound or not self._gin_sample(query) or bound**2 < NARROW_SAMPLE_FACTOR * rows:
            return 0  # the key's walk stops at the newest matches; or visiting all costs less
        newest = self._scalar("SELECT MAX(article_id) FROM search_document", []) or 0
        return max(0, newest - int(2 * SAMPLE_CAP * rows / bound))

    @staticmethod
    def _has_phrase(query: ParsedQuery) -> bool:
        """A phrase is rechecked on every candidate the GIN index gives (its vector read)."""
        items = [i for g in (*query.groups, *query.not_all) for i in g] + list(query.excluded)
        return any(len(item.tokens) > 1 for item in items)

    def _sparse(self, query: ParsedQuery) -> bool:
        """At most SPARSE_SHARE of the rows can match: an id window is then ranked from the
        GIN index's matches, not by testing every row of the window (module docstring)."""
        rows, _ = self._totals()
        return self._matches_bound(query) <= SPARSE_SHARE * rows

    def _matches_bound(self, query: ParsedQuery) -> float:
        """At most this many rows match: every group must, and a group's matches are at
        most the sum of its items' document frequencies (exact: ``_idf`` counts them)."""
        key = ts_all(query.groups)
        if key not in self._bounds:
            self._idf(query)
            bounds = [
                sum(self._item_rows[ts_item(item)] for item in group) for group in query.groups
            ]
            self._bounds[key] = min(bounds, default=0)
        return self._bounds[key]

    def _required_ids(self, query: ParsedQuery) -> list[int] | None:
        """The sorted ids of the rows holding a phrase that the query requires (a group of
        that phrase alone), when counting its frequency listed them; the fewest such ids.
        Every match of the query is among them."""
        self._idf(query)
        listed = [
            self._phrase_ids[ts_item(group[0])]
            for group in query.groups
            if len(group) == 1 and ts_item(group[0]) in self._phrase_ids
        ]
        return min(listed, key=len, default=None)

    def ranked_sql(
        self, query: ParsedQuery, low: int, high: int, ids: list[int] | None = None
    ) -> tuple[str, list]:
        """FTS5's bm25 of each match in [low, high) (module docstring); of those among the
        sorted ``ids`` only, when given."""
        items, idfs = query.positive_items(), self._idf(query)
        # The weighted frequency of each phrase, once per row (it appears twice in bm25).
        frequencies = ", ".join(
            f"{bm25.TITLE_WEIGHT!r} * ts_rank_cd('{FREQUENCY_WEIGHTS}', d.search_vector, "
            f"to_tsquery('simple', %s)) AS f{i}"
            for i in range(len(items))
        )
        # float8 arithmetic: numeric (an integer column over a decimal literal) costs more
        length = (
            f"{bm25.K1!r} * (1 - {bm25.B!r} + {bm25.B!r} * d.term_count::float8 / {self._avgdl!r})"
        )
        rank = " + ".join(
            f"{idf!r} * f{i} * {bm25.K1 + 1!r} / (f{i} + s.norm)" for i, idf in enumerate(idfs)
        )
        required = ids if ids is not None else self._required_ids(query)
        if required is not None:  # the rows holding a required phrase, in the window
            where = (
                "ts_match_vq(d.search_vector, to_tsquery('simple', %s)) "
                "AND d.article_id = ANY(%s::bigint[])"
            )
            ids = required[bisect_left(required, low) : bisect_left(required, high)]
            params = [ts_query(query), ids]
        elif self._sparse(query):  # the GIN bitmap ANDed with the key's range: the heap
            # is read for the window's matches only (the plan PostgreSQL takes, checked at
            # a million articles)
            where = (
                "d.search_vector @@ to_tsquery('simple', %s) "
                "AND d.article_id >= %s AND d.article_id < %s"
            )
        else:  # the key's range, each row tested: ts_match_vq (the function behind @@) is
            # never an index condition, so the planner cannot AND in the GIN bitmap of every
            # match of a frequent word (reading it costs more than testing the window's rows)
            where = (
                "ts_match_vq(d.search_vector, to_tsquery('simple', %s)) "
                "AND d.article_id >= %s AND d.article_id < %s"
            )
        # OFFSET 0 keeps the lateral subquery whole: flattened, each f_i would be computed
        # once per use in the rank, twice.
        sql = (
            f"SELECT d.article_id AS id, {rank} AS rank FROM search_document d "
            f"CROSS JOIN LATERAL (SELECT {frequencies}, {length} AS norm OFFSET 0) s "
            f"WHERE {where}"
        )
        if required is None:
            params = [ts_query(query), low, high]
        return sql, [*(ts_item(item) for item in items), *params]

    def rank_bound(self, query: ParsedQuery) -> float:
        """bm25's ceiling: exact, as on SQLite (the same idf); a phrase no row holds adds
        nothing (its frequency is exact: ``_frequencies``)."""
        phrases = [ts_item(item) for item in query.positive_items()]
        held = [
            idf
            for phrase, idf in zip(phrases, self._idf(query), strict=True)
            if self._item_rows[phrase] and phrase not in self.apart
        ]
        return bm25.ceiling(held)

    def apart_sql(self, query: ParsedQuery, low: int, high: int) -> tuple[str, list, set] | None:
        """The ranking statement over the matches that hold a rare OR-ed phrase
        (``rare_or_phrases``): their ids come from the GIN index, and the window reads those
        rows only."""
        self._idf(query)  # the exact frequency of every phrase
        phrases = rare_or_phrases(query, ts_item, self._item_rows.__getitem__)
        if not phrases:
            return None
        ids = self._scalar(
            "SELECT COALESCE(array_agg(article_id ORDER BY article_id), '{}') "
            "FROM search_document WHERE search_vector @@ to_tsquery('simple', %s)",
            [" | ".join(phrases)],
        )
        sql, params = self.ranked_sql(query, low, high, ids=list(ids))
        return sql, params, set(phrases)

    def day_sql(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    # --- The statistics of bm25 ----------------------------------------------------------

    def _idf(self, query: ParsedQuery) -> list[float]:
        """The idf of each positive item, as FTS5 computes it; counted once per query."""
        key = ts_query(query)
        if key not in self._idfs:
            rows, terms = self._totals()
            self._avgdl = terms / rows if rows else 1.0
            phrases = [ts_item(item) for item in query.positive_items()]
            hits = self._frequencies(phrases, rows)
            self._item_rows.update(zip(phrases, hits, strict=True))
            self._idfs[key] = [bm25.idf(rows, n) for n in hits]
        return self._idfs[key]

    def _totals(self) -> tuple[int, int]:
        """(rows, tokens) of the index: the sum of search_totals' delta rows, read once per
        search (a backend serves one search: ``backend_for``)."""
        if self._index_totals is None:
            self._index_totals = self._read_totals()
        return self._index_totals

    def _read_totals(self) -> tuple[int, int]:
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
        its matching ids listed when they are at most PHRASE_IDS_MAX (the query's plans then
        read those rows only, which costs less than the count). The count of a phrase with
        more matches is remembered per database until N moves by more than DF_DRIFT or
        DF_TTL seconds pass: exact on an archive that stands still."""
        found = self._term_frequencies(phrases)
        name, now = self.connection.settings_dict["NAME"], monotonic()
        for phrase in phrases:
            cached = _DF_CACHE.get((name, phrase))
            if (
                phrase not in found
                and cached
                and cached[0] > PHRASE_IDS_MAX
                and abs(rows - cached[1]) <= DF_DRIFT * cached[1]
                and (rows == cached[1] or now - cached[2] <= DF_TTL)
            ):
                found[phrase] = cached[0]
        missing = sorted(set(phrases) - set(found))
        if missing:
            # One bitmap scan of the GIN index per phrase, each candidate's vector tested;
            # the matching ids come back too, as long as they are few (``_required_ids``).
            listed = (
                "(SELECT ARRAY[COUNT(*)] || CASE WHEN COUNT(*) <= %s "
                "THEN array_agg(article_id ORDER BY article_id) ELSE '{}' END "
                "FROM search_document WHERE search_vector @@ to_tsquery('simple', %s))"
            )
            params = [value for phrase in missing for value in (PHRASE_IDS_MAX, phrase)]
            values = self._rows("SELECT " + ", ".join([listed] * len(missing)), params)[0]
            for phrase, (count, *ids) in zip(missing, values, strict=True):
                found[phrase] = count
                remember(_DF_CACHE, (name, phrase), (count, rows, now), DF_CACHE_SIZE)
                if count <= PHRASE_IDS_MAX:
                    self._phrase_ids[phrase] = ids
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
