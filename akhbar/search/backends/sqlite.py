"""SQLite FTS5: the embedded default. The only module that writes FTS5 query syntax.

Ranking is FTS5's bm25 with our column weights. Where the compiled ``_fts5rank`` module is
installed (``install_ranking``), it is computed by ``akhbar_bm25`` from the idfs this module
counts once per search (``akhbar_phrase_rows``), not by FTS5's ``bm25()``, which counts each
phrase's rows for its idf, walking the phrase's whole doclist, in every statement that ranks.
Without it (a build without a C compiler), FTS5's ``bm25()`` ranks: the same scores, slower
on a large archive.
"""

import logging
from time import monotonic

from akhbar.news.sql import placeholders
from akhbar.search.backends import bm25
from akhbar.search.backends.base import SearchBackend, rare_or_phrases
from akhbar.search.memo import remember
from akhbar.search.query import Item, ParsedQuery

# Title matches weigh more than body matches in bm25 (columns: title_terms, body_terms).
BM25_WEIGHTS = f"{bm25.TITLE_WEIGHT}, {bm25.BODY_WEIGHT}"
DF_TTL = 600.0
DF_DRIFT = 0.01  # a document frequency is counted again once N moved by more than this
DF_CACHE_SIZE = 50_000
# A phrase's row count is remembered (DF_TTL, DF_DRIFT) only past this many rows: a rarer
# phrase's count costs less than a millisecond (a walk of its doclist), and stays exact.
DF_REMEMBERED_FROM = 10_000
# bm25 with these weights tends to each phrase's idf * (k1 + 1): a row's weighted frequency
# is then at least 10^12, against k1 * (1 - b + b * D / avgdl) in the denominator.
CEILING_WEIGHTS = "1e12, 1e12"
CEILING_MARGIN = 1e-6  # ... short of it by less than this share for any D below 10^5 avgdl
# What a search reads of each article, in one index (migration 0007): the table's rows hold
# the body before these columns, and reaching them there walks the body's overflow pages.
RANK_INDEX = "search_article_rank_idx"
# The row counts of the frequent terms (migration 0009, written by ``term_rows.refresh``).
TERM_ROWS = "search_term_rows"
# (database, phrase) -> (rows holding it, when counted, the index's rows then)
_DF_CACHE: dict[tuple[str, str], tuple[int, float, int]] = {}
# The FTS5 functions of ``_fts5rank.c``, present on a connection opened after
# ``install_ranking``.
NATIVE_RANK = "akhbar_bm25"
NATIVE_COUNT = "akhbar_phrase_rows"

log = logging.getLogger(__name__)


def install_ranking() -> bool:
    """Give every SQLite connection the process opens from now on ``akhbar_bm25`` and
    ``akhbar_phrase_rows`` (``_fts5rank.c``); False when the module was not built."""
    try:
        from akhbar.search import _fts5rank
    except ImportError:
        log.warning("search: _fts5rank is not built; SQLite ranks with FTS5's bm25 (slower)")
        return False
    _fts5rank.install()
    return True


def fts5_item(item: Item) -> str:
    """A term or phrase, quoted so that nothing a reader types is read as FTS5 syntax."""
    return '"' + " ".join(term.replace('"', '""') for term in item.terms) + '"'


def fts5_all(groups) -> str:
    """Every group must match; a group is an OR of items."""
    return " AND ".join("(" + " OR ".join(fts5_item(item) for item in g) + ")" for g in groups)


def fts5_phrases(query: ParsedQuery) -> list[Item]:
    """The items of ``fts5_match``'s expression in the order it writes them: FTS5 numbers
    its phrases so (``akhbar_bm25`` takes one idf per phrase)."""
    return [
        *query.positive_items(),
        *(item for group in query.not_all for item in group),
        *query.excluded,
    ]


def fts5_match(query: ParsedQuery) -> str:
    expression = fts5_all(query.groups)
    if query.not_all:  # a relaxed query: leave out what the strict one found
        expression = f"({expression}) NOT ({fts5_all(query.not_all)})"
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(fts5_item(i) for i in query.excluded)})"
    return expression


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


def _bound_by_ceiling(query: ParsedQuery) -> bool:
    """A query without OR, not relaxed: every match holds every phrase, and the ranking
    statement's ``ceiling`` gives its bound (``SqliteBackend.rank_bound``)."""
    return len(query.positive_items()) == len(query.groups) and not query.not_all


def _native_ranked(match: str, idfs: list[float], low: int, high: int) -> tuple[str, list]:
    """The matches of an FTS5 expression with low <= id < high and their rank by
    ``akhbar_bm25``, given one idf a phrase of the expression (bm25 is lower for better
    matches: negated)."""
    sql = (
        f"SELECT rowid AS id, -{NATIVE_RANK}(search_fts, {BM25_WEIGHTS}"
        f"{', %s' * len(idfs)}) AS rank FROM search_fts "
        "WHERE search_fts MATCH %s AND rowid >= %s AND rowid < %s"
    )
    return sql, [*idfs, match, low, high]


class SqliteBackend(SearchBackend):
    # As stored text: an expression has no declared type, so Django's converter does not
    # parse it (the 1,000 datetimes of a sample cost about 2 ms a search page); the facets
    # and the newest-first sort read the text as it is.
    published_sql = "+a.published_at"
    age_days_sql = "MAX(0.0, julianday('now') - julianday(COALESCE(a.published_at, a.fetched_at)))"
    # bm25 costs more per match than any other step: 40 days settle most queries, and no
    # more than that is ranked first even where the sample reaches further back (at 1 M
    # articles the 40 words of a mix settled within 21–82 days, most within 25–40; a rarer
    # word's sample spans months).
    first_window_share = 2 / 3
    first_window_capped = True
    ranks_in_sample = True  # FTS5 computes rank only for the rows a query reads
    window_in_sample = True  # ... and only where a CASE asks for it

    def __init__(self, connection, tz: str = "Africa/Algiers"):
        super().__init__(connection, tz)
        self._index_rows: int | None = None  # FTS5's row count, read once per search
        self._counts: dict[str, int] = {}  # rows holding each phrase, counted once per search

    @property
    def ceiling_sql(self) -> str | None:
        """FTS5's bm25 bounds a query without OR in the ranking statement itself (``m.ceiling``,
        ``ranked_sql``); with ``akhbar_bm25`` the bound is the idfs' own (``rank_bound``)."""
        return None if self._features()[1] else "m.ceiling"

    def _features(self) -> tuple[bool, bool, bool]:
        """(RANK_INDEX exists, the connection has NATIVE_RANK and NATIVE_COUNT, the TERM_ROWS
        table exists), asked once per connection."""
        self.connection.ensure_connection()
        raw = self.connection.connection
        known = getattr(self.connection, "_akhbar_search_features", None)
        if known is None or known[0] is not raw:
            (index, native, stored), *_ = self._rows(
                "SELECT (SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = %s), "
                "(SELECT COUNT(*) FROM pragma_function_list WHERE name IN (%s, %s)), "
                "(SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = %s)",
                [RANK_INDEX, NATIVE_RANK, NATIVE_COUNT, TERM_ROWS],
            )
            known = (raw, (bool(index), native == 2, bool(stored)))
            self.connection._akhbar_search_features = known
        return known[1]

    def articles_sql(self) -> str:
        """The articles read through RANK_INDEX (SQLite looks a rowid up in the table unless
        told). Named only where it exists: a table rebuilt by a later schema change loses
        the indexes Django does not know of, and a search must not fail for it."""
        return (
            f"news_article a INDEXED BY {RANK_INDEX}" if self._features()[0] else "news_article a"
        )

    def match_ids_sql(self, query: ParsedQuery, low: int) -> tuple[str, list]:
        sql = "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s"
        return sql, [fts5_match(query), low]

    def ranked_sql(self, query: ParsedQuery, low: int, high: int) -> tuple[str, list]:
        # bm25 is lower for better matches: negated.
        if self._features()[1]:
            # the idfs of this search's counts: no statement counts a phrase's rows again
            return _native_ranked(fts5_match(query), self._fts5_idfs(query), low, high)
        # FTS5's hidden rank column is bm25 with our weights; ``ceiling`` is bm25 with
        # weights so large that each phrase adds its limit, idf * (k1 + 1) (rank_bound),
        # read only where a statement selects it, and only for a query whose bound it gives
        # (each call of bm25 in a statement counts every phrase's rows for its idf once).
        ceiling = f"-bm25(search_fts, {CEILING_WEIGHTS})" if _bound_by_ceiling(query) else "NULL"
        sql = (
            f"SELECT rowid AS id, -rank AS rank, {ceiling} AS ceiling "
            "FROM search_fts "
            f"WHERE search_fts MATCH %s AND rank MATCH 'bm25({BM25_WEIGHTS})' "
            "AND rowid >= %s AND rowid < %s"
        )
        return sql, [fts5_match(query), low, high]

    def bounded_by_ceiling(self, query: ParsedQuery) -> bool:
        return self.ceiling_sql is not None and _bound_by_ceiling(query)

    def rank_bound(self, query: ParsedQuery) -> float:
        """bm25's ceiling: each phrase the row holds adds less than idf * (k1 + 1), its idf
        computed as FTS5 does (the row count is FTS5's own, from its 'averages' record);
        NOT-side phrases add nothing (``ParsedQuery.positive_items``). A relaxed query's
        row misses at least one whole group of ``not_all``: its phrases add nothing either."""
        items = query.positive_items()
        if self.bounded_by_ceiling(query) and self.seen_ceiling > 0:
            # every match holds every phrase (no OR): each gave the statement's own bound
            # (ceiling_sql); counting the phrases' rows again would cost as much as ranking
            return self.seen_ceiling * (1 + CEILING_MARGIN)
        rows = self.fts5_rows()
        each = [self._phrase_ceiling(rows, fts5_item(item)) for item in items]
        if not query.not_all:
            return sum(each)
        return max(
            sum(c for item, c in zip(items, each, strict=True) if item.terms not in missing)
            for missing in ({item.terms for item in group} for group in query.not_all)
        )

    def apart_sql(self, query: ParsedQuery, low: int, high: int) -> tuple[str, list, set] | None:
        """The ranking statement over the matches that hold a rare OR-ed phrase
        (``rare_or_phrases``). With ``akhbar_bm25``: the query AND those phrases, which FTS5
        reads from the rare phrases' short doclists; the phrases added to the expression get
        an idf of 0, so each row scores as the query alone scores it. With FTS5's
        ``bm25()``, a phrase added to the MATCH would add its own term: the unary ``+`` keeps
        an id test out of FTS5's plan instead, so that FTS5 walks the query's matches once
        and computes bm25 only for those that pass it (for "سعود" OR "saud" at 1,000,000
        articles, 180,000 matches walked for 56)."""
        phrases = rare_or_phrases(query, fts5_item, self._phrase_rows)
        if not phrases:
            return None
        if self._features()[1]:
            match = f"({fts5_match(query)}) AND ({' OR '.join(phrases)})"
            idfs = [*self._fts5_idfs(query), *[0.0] * len(phrases)]
            return (*_native_ranked(match, idfs, low, high), set(phrases))
        sql, params = self.ranked_sql(query, low, high)
        sql += " AND +rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        return sql, [*params, " OR ".join(phrases)], set(phrases)

    def _phrase_ceiling(self, rows: int, phrase: str) -> float:
        """What the phrase can add to the bm25 of a row not ranked yet: nothing when no
        row holds it, or when every row holding it was ranked apart (``self.apart``). An OR
        of a word and its aliases in another script is the common case (a name's Latin
        spelling on an archive of Arabic articles): each absent alias's idf is the highest
        there is, and counting it would have the windows rank the word back a year."""
        if phrase in self.apart:
            return 0.0
        hits = self._phrase_rows(phrase)
        return bm25.ceiling([bm25.idf(rows, hits)]) if hits else 0.0

    def _fts5_idfs(self, query: ParsedQuery) -> list[float]:
        """The idf of each phrase of ``fts5_match(query)``, in FTS5's order, as FTS5
        computes it from this search's counts; 0 for NOT-side phrases (they add nothing)."""
        positive = query.positive_items()
        phrases = [fts5_item(item) for item in fts5_phrases(query)]
        self._count(phrases[: len(positive)])
        rows = self.fts5_rows()
        return [
            bm25.idf(rows, self._counts[phrase]) if n < len(positive) else 0.0
            for n, phrase in enumerate(phrases)
        ]

    def fts5_rows(self) -> int:
        """FTS5's row count (N of bm25's idf), from its 'averages' record, once per search
        (a backend serves one search: ``backend_for``)."""
        if self._index_rows is None:
            found = self._rows("SELECT block FROM search_fts_data WHERE id = 1", [])
            self._index_rows = read_varint(found[0][0]) if found else 0  # none: never written
        return self._index_rows

    def _phrase_rows(self, phrase: str) -> int:
        """Rows holding the phrase (FTS5's n of bm25's idf), counted once per search."""
        self._count([phrase])
        return self._counts[phrase]

    def _count(self, phrases: list[str]) -> None:
        """Count the rows holding each phrase not counted yet in this search, into
        ``_counts``. A count past DF_REMEMBERED_FROM rows is remembered per database until
        FTS5's row count moves by more than DF_DRIFT or DF_TTL seconds pass: a document
        frequency hardly moves in minutes. With ``akhbar_bm25`` the ranking and the bound
        use the same count, so the bound stays exact; with FTS5's ``bm25()``, which counts
        for itself, the bound's idf may be off by that drift (about 0.01 for 1 %). With
        ``akhbar_phrase_rows``, one statement walks each phrase's doclist once, as FTS5's
        ``bm25()`` does for its idf; else one ``COUNT`` a phrase (about half as costly
        again)."""
        missing = [phrase for phrase in dict.fromkeys(phrases) if phrase not in self._counts]
        if not missing:
            return
        name, now, rows = self.connection.settings_dict["NAME"], monotonic(), self.fts5_rows()
        for phrase in list(missing):
            cached = _DF_CACHE.get((name, phrase))
            if (
                cached
                and now - cached[1] <= DF_TTL
                and abs(rows - cached[2]) <= DF_DRIFT * cached[2]
            ):
                self._counts[phrase] = cached[0]
                missing.remove(phrase)
        for phrase, count in self._stored_counts(missing, rows).items():
            self._counts[phrase] = count
            missing.remove(phrase)
        if not missing:
            return
        if self._features()[1]:
            sql = (
                f"SELECT {NATIVE_COUNT}(search_fts) FROM search_fts "
                "WHERE search_fts MATCH %s LIMIT 1"
            )
            found = self._rows(sql, [" OR ".join(missing)])
            counts = list(map(int, found[0][0].split())) if found else [0] * len(missing)
        else:
            sql = "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s"
            counts = [self._scalar(sql, [phrase]) for phrase in missing]
        for phrase, count in zip(missing, counts, strict=True):
            self._counts[phrase] = count
            if count > DF_REMEMBERED_FROM:
                remember(_DF_CACHE, (name, phrase), (count, now, rows), DF_CACHE_SIZE)

    def _stored_counts(self, phrases: list[str], rows: int) -> dict[str, int]:
        """The row counts ``term_rows.refresh`` stored of these phrases' frequent terms (a
        phrase of one term), those stored while FTS5's row count was within DF_DRIFT of
        ``rows``: no walk of their doclists. Nothing for a rarer term, nor where the table is
        empty (never refreshed) or missing (a database migrated before it)."""
        terms = {}
        for phrase in phrases:
            term = phrase[1:-1]
            if " " not in term:  # one token: ours are FTS5's (query.engine_tokens)
                terms[term.replace('""', '"')] = phrase
        if not terms or not self._features()[2]:
            return {}
        sql = f"SELECT term, documents, indexed FROM {TERM_ROWS} WHERE term IN ({placeholders(terms)})"
        return {
            terms[term]: documents
            for term, documents, indexed in self._rows(sql, list(terms))
            if abs(rows - indexed) <= DF_DRIFT * indexed
        }

    def day_sql(self, column: str) -> str:
        return f"date({column})"
