"""What every backend shares: filters, recency windows, folding of wire copies, facets.

A backend says how its full-text engine matches (``match_ids_sql``), ranks within a range of
ids (``ranked_sql``) and bounds its rank (``rank_bound``); the rest is the same SQL on every
database.

Why windows: ids grow with the time an article was stored, and an article is never
published after it was fetched, so an id range is a time range. The score is relevance
divided by ``1 + age / half-life``. Ranking the newest matches first and stopping as soon
as no older article can reach the k-th score (its relevance is at most the engine's bound,
its age at least that of the window's edge) returns the same top results as ranking every
match, at the cost of the recent matches only. The rare phrases of an OR (a name's aliases
in another script) would loosen the bound most: when a window leaves the top unsettled, all
their matches are ranked at once (``apart_sql``) and the bound leaves them out. Totals and
facets are counted exactly on the newest ``SAMPLE_CAP`` matches; past that they are
extrapolated and flagged ``estimated`` (shown with "≈"). A query run again within minutes
in the same process first ranks as far back as its top settled the last time
(``_SETTLED``): the windows that follow, if any, are decided as always.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import cached_property
from operator import itemgetter
from time import monotonic
from zoneinfo import ZoneInfo

from akhbar.news.sql import fetch, placeholders
from akhbar.search.memo import remember
from akhbar.search.query import Filters, ParsedQuery

# A result loses half its relevance after this many days: fresh news first,
# among results of similar relevance.
RECENCY_HALF_LIFE_DAYS = 180.0
# Matches counted exactly (and used for facets) before totals are extrapolated.
SAMPLE_CAP = 1000
FACET_SIZE = 20
# The first ranking window reaches this far back: most queries settle there in one pass.
FIRST_WINDOW_DAYS = 60
# OR-ed phrases holding at most this many rows together are ranked apart (``apart_sql``).
APART_ROWS = 2000
# How far back a query's top results settled the last time it ran in this process (days of
# age, by query, filters, depth and database), for SETTLED_TTL seconds: its next first
# window reaches that far, with SETTLED_MARGIN more, instead of the sample's reach or the
# default (``_ranked``). A hint only: the windows still settle as they always do.
SETTLED_TTL = 600.0
SETTLED_SIZE = 10_000
SETTLED_MARGIN = 1.1
# Values: (days, when, the oldest id of that search's sample).
_SETTLED: dict[tuple, tuple[float, float, int]] = {}
# The first and the last article's id and fetch time (``_first_id_fetched_since``): each
# subquery alone reads one end of the primary key.
_ENDS_SQL = (
    "SELECT (SELECT id FROM news_article ORDER BY id LIMIT 1),"
    " (SELECT fetched_at FROM news_article ORDER BY id LIMIT 1),"
    " (SELECT id FROM news_article ORDER BY id DESC LIMIT 1),"
    " (SELECT fetched_at FROM news_article ORDER BY id DESC LIMIT 1)"
)


@dataclass
class Hit:
    article_id: int
    score: float
    matched: int = 1  # articles of the folded group that matched


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    estimated: bool = False  # total and facets counted on a sample


@dataclass
class Sample:
    """The newest matches: (id, canon, published_at, source_id, category_id) rows."""

    rows: list[tuple]
    complete: bool  # every match is in rows
    max_id: int
    min_id: int = 1  # the archive's first id: ids need not start at 1 (deletions, sequences)
    ranked: bool = False  # rows end with their score, as a ranking window's do
    # With ``ranked``: only the rows from this id on carry them (the others hold NULLs): the
    # first ranking window read with the sample (``SearchBackend.window_in_sample``).
    ranked_from: int = 0

    @property
    def low_id(self) -> int:
        return self.rows[-1][0] if self.rows else 0

    @cached_property
    def distinct(self) -> int:
        """Distinct results among the rows (wire copies folded into their original)."""
        return len(set(map(itemgetter(1), self.rows)))

    def total(self) -> tuple[int, bool]:
        """Distinct results, exact when complete, else extrapolated over the id range."""
        exact = self.distinct
        if self.complete:
            return exact, False
        span = max(1, self.max_id - self.low_id + 1)
        archive = max(span, self.max_id - self.min_id + 1)
        return round(exact * archive / span), True


class SearchBackend:
    """Subclasses give the vendor's full-text SQL (see the module docstring)."""

    age_days_sql = ""
    # Matches ranked at most, when rank_bound is an estimate (None: no cap, the bound is exact).
    max_ranked: int | None = None
    # The first window's reach, as a share of FIRST_WINDOW_DAYS.
    first_window_share = 1.0
    # Whether a query's first window (run for the first time) stops at that reach even when
    # its unranked sample reaches further back: else it ranks the whole sample. A rarer
    # word's thousand newest matches may span months while its top settles within weeks;
    # the windows that follow are decided as always (the bound), so only the cost changes.
    first_window_capped = False
    # The sample of a filtered query carries each match's rank and score, and ranking is
    # done with it when the sample holds every match. Only for an engine where ranking the
    # matches costs little next to reading them: SQLite FTS5 computes its rank column for
    # the rows that pass the filters only; PostgreSQL reads each match's vector anyway.
    ranks_in_sample = False
    # A column of the ranked matches ``m``: the rank bound of a query without OR as the
    # ranking statement itself computes it (no count of the phrases' rows); None: none.
    ceiling_sql: str | None = None
    # An article's publication time as a sample reads it (a datetime, or its stored text).
    published_sql = "a.published_at"
    # The sample of a query run again (``_SETTLED``) carries the rank and score of its rows
    # inside the first window, when its last sample reached past that window: the window is
    # then read with the sample, not by a statement of its own. For an engine that computes a
    # rank only where a statement reads it (SQLite FTS5: a CASE leaves the other rows
    # unranked); each ranking statement pays FTS5's count of every phrase's rows (bm25's idf).
    window_in_sample = False

    def __init__(self, connection, tz: str = "Africa/Algiers"):
        self.connection = connection
        self.tz = ZoneInfo(tz)
        self.floor = 0  # the smallest id a query's dates allow (set per search)
        self.seen_ceiling = 0.0  # the highest ceiling_sql a ranking statement gave (per search)
        # Phrases whose every match was ranked already (``_rank_apart``): the bound of the
        # matches not ranked yet leaves them out (per search).
        self.apart: frozenset[str] = frozenset()

    def articles_sql(self) -> str:
        """The articles a search joins its matches with, as ``a``."""
        return "news_article a"

    def match_ids_sql(self, query: ParsedQuery, low: int) -> tuple[str, list]:
        """SQL selecting ``id`` of every matching article with id >= low."""
        raise NotImplementedError

    def ranked_sql(self, query: ParsedQuery, low: int, high: int) -> tuple[str, list]:
        """SQL selecting ``id, rank`` of the matches with low <= id < high."""
        raise NotImplementedError

    def rank_bound(self, query: ParsedQuery) -> float:
        """The highest rank any article could get for this query."""
        raise NotImplementedError

    def bounded_by_ceiling(self, query: ParsedQuery) -> bool:
        """Whether ``ceiling_sql`` can bound this query's rank (``rank_bound``)."""
        return self.ceiling_sql is not None

    def apart_sql(self, query: ParsedQuery, low: int, high: int) -> tuple[str, list, set] | None:
        """``ranked_sql`` of the matches that hold one of the query's rare OR-ed phrases
        (the phrases as a third value), when ranking them all apart lets the bound of the
        other matches leave those phrases out; None when it would not."""
        return None

    def search(self, query, *, sort="relevance", limit=20, offset=0, facets=True) -> SearchResults:
        if query.is_empty:
            return SearchResults()
        where, where_params = filter_sql(query.filters, self.tz)
        self.floor = self._first_id_since(query.filters.date_from)
        self.seen_ceiling, self.apart = 0.0, frozenset()
        self.settled_days = None  # the age past which no match could enter the top (_reach)
        hint = None if sort == "newest" else self._hint(query, where, where_params, offset + limit)
        window_from = hint[1] if hint and hint[2] else 0
        sample = self._sample(query, where, where_params, window_from)
        total, estimated = sample.total()
        results = SearchResults(total=total, estimated=estimated)
        if sort == "newest":
            results.hits = self._newest(query, sample, where, where_params, limit, offset)
        else:
            results.hits = self._ranked(query, sample, where, where_params, limit, offset, hint)
        if facets:
            results.facets = self._facets(sample, total)
        return results

    # --- The newest matches: totals, facets, sort by date --------------------------------

    def _first_id_since(self, day) -> int:
        """The first id fetched on or after ``day`` (0 without a day): articles published
        since then were fetched since then, so none has a smaller id."""
        if day is None:
            return 0
        return self._first_id_fetched_since(datetime.combine(day, time.min, self.tz))

    def _first_id_fetched_since(self, since: datetime) -> int:
        """The first id fetched at or after ``since``: a search on the primary key, as
        fetched_at grows with the id (the smallest id whose next article was fetched since
        then). Each probe reads the first article at or above an id. Articles are stored at
        a fairly even pace, so every other probe goes where the times at the two ends of the
        ids left put ``since`` (interpolation) and the others halve them: the id a binary
        search finds, in about 7 probes at 1,000,000 articles instead of 21, and never more
        than twice as many whatever the pace."""
        (first, first_at, last, last_at), *_ = self._rows(_ENDS_SQL, [])
        if last is None or _aware(first_at) >= since:
            return 0
        sql = "SELECT id, fetched_at FROM news_article WHERE id >= %s ORDER BY id LIMIT 1"
        target = since.timestamp()
        # Every id below low has its next article fetched before ``since``; high's was
        # fetched since, or it has none. With the fetch times of the articles that told.
        low, high = first + 1, last + 1
        low_time, high_time = _aware(first_at).timestamp(), _aware(last_at).timestamp()
        probes = 0
        while low < high:
            middle = (low + high) // 2
            if probes % 2 == 0 and high_time > low_time:
                share = (target - low_time) / (high_time - low_time)
                middle = max(low, min(high - 1, low + int((high - low) * share)))
            probes += 1
            row = self._rows(sql, [middle])
            moment = _aware(row[0][1]) if row else None
            if moment is None or moment >= since:
                high, high_time = middle, moment.timestamp() if row else high_time
            else:
                low, low_time = row[0][0] + 1, moment.timestamp()
        return low

    def sample_low(self, query: ParsedQuery) -> int:
        """A guess of an id above which the newest SAMPLE_CAP matches lie (0: none); the
        sample reads the matches above it, and all of them when that falls short."""
        return 0

    def _sample(self, query: ParsedQuery, where: str, where_params: list, window_from=0) -> Sample:
        """The newest matches; ranked as they are read for a filtered or selective query,
        and from id ``window_from`` on when it is given (the first window, ``_hint``)."""
        ranks, ranks_params = "", []
        if self._ranked_as_read(query, where):
            ranks, window_from = f", {self._score_sql()}{self._ceiling_column()}", 0
        elif window_from:
            # the ceiling only where it can bound the query: else NULL on every row
            columns = [self._score_sql().removesuffix(" AS score")]
            if self.ceiling_sql and self.bounded_by_ceiling(query):
                columns.append(self.ceiling_sql)
            ranks = "".join(f", CASE WHEN m.id >= %s THEN {c} END" for c in columns)
            ranks_params = [window_from] * len(columns)
        # Without filters the matches are the rows: the backend's guess holds as it is.
        low = self.floor if where else max(self.floor, self.sample_low(query))
        rows = self._sample_rows(query, where, where_params, low, ranks, ranks_params)
        if len(rows) < SAMPLE_CAP and low > self.floor:  # the guess fell short
            rows = self._sample_rows(query, where, where_params, self.floor, ranks, ranks_params)
        # two subqueries: SQLite reads MIN and MAX of one statement by scanning the table,
        # each alone from the primary key (270 ms against microseconds at 1 M articles)
        (min_id, max_id), *_ = self._rows(
            "SELECT (SELECT MIN(id) FROM news_article), (SELECT MAX(id) FROM news_article)", []
        )
        complete = len(rows) < SAMPLE_CAP
        return Sample(rows, complete, max_id or 0, min_id or 1, bool(ranks), window_from)

    def _sample_rows(self, query, where, where_params, low: int, ranks: str, ranks_params=()):
        """The newest SAMPLE_CAP matches from id ``low`` on (with their rank and score when
        ``ranks`` asks for them)."""
        if ranks:
            match, params = self.ranked_sql(query, low, 2**63 - 1)
        else:
            match, params = self.match_ids_sql(query, low)
        sql = (
            f"SELECT a.id, COALESCE(a.duplicate_of_id, a.id), {self.published_sql}, a.source_id, "
            f"a.category_id{ranks} FROM ({match}) AS m CROSS JOIN {self.articles_sql()} "
            f"WHERE a.id = m.id AND a.held_reason = '' {where} "
            "ORDER BY m.id DESC LIMIT %s"
        )
        rows = self._rows(sql, [*ranks_params, *params, *where_params, SAMPLE_CAP])
        return self._ceilings_read(rows) if ranks and not ranks_params else rows

    def _newest(self, query, sample: Sample, where, where_params, limit, offset) -> list[Hit]:
        if not sample.complete and offset + limit > len(sample.rows) // 2:
            sample = self._everything(query, where, where_params)
        newest: dict[int, tuple] = {}
        for _id, canon, published, *_ in sample.rows:
            key = _aware(published).isoformat() if published else ""
            newest[canon] = max(newest.get(canon, ("", 0)), (key, canon))
        ordered = sorted(newest.values(), reverse=True)[offset : offset + limit]
        return [Hit(article_id=canon, score=0.0) for _, canon in ordered]

    def _everything(self, query, where, where_params) -> Sample:
        match, params = self.match_ids_sql(query, self.floor)
        sql = (
            f"SELECT a.id, COALESCE(a.duplicate_of_id, a.id), {self.published_sql}, a.source_id, "
            f"a.category_id FROM ({match}) AS m CROSS JOIN {self.articles_sql()} "
            f"WHERE a.id = m.id AND a.held_reason = '' {where} ORDER BY m.id DESC"
        )
        rows = self._rows(sql, [*params, *where_params])
        return Sample(rows, True, rows[0][0] if rows else 0)

    def _facets(self, sample: Sample, total: int) -> dict[str, list[tuple[str, int]]]:
        rows = sample.rows
        scale = total / max(1, sample.distinct) if not sample.complete else 1
        # counted by id first (in C), each distinct id named once: a sample holds a thousand
        # rows, a few dozen outlets and categories
        by_source, by_category = (
            Counter(map(itemgetter(3), rows)),
            Counter(map(itemgetter(4), rows)),
        )
        sources = self._names("news_source", set(by_source))
        categories = self._names("news_category", {c for c in by_category if c})
        counts = {
            "source": _named(by_source, sources),
            "category": _named(by_category, categories),
            "day": _days(map(itemgetter(2), rows)),
        }
        return {name: _top(counter, scale) for name, counter in counts.items()}

    def _names(self, table: str, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        sql = f"SELECT id, slug FROM {table} WHERE id IN ({placeholders(ids)})"
        return dict(self._rows(sql, list(ids)))

    # --- Relevance, window by window -----------------------------------------------------

    def _ranked_as_read(self, query: ParsedQuery, where: str) -> bool:
        """Whether the sample carries each match's rank and score (``ranks_in_sample``: a
        filtered query, or a ``_selective`` one); ``_sample`` and ``_hint`` must agree."""
        return self.ranks_in_sample and bool(where or _selective(query))

    def _hint(self, query, where: str, where_params: list, need: int):
        """For a query whose sample is not ranked as it is read: (its ``_SETTLED`` key, the
        first id its first window ranks from when it ran within SETTLED_TTL (else None),
        whether the sample can carry that window's ranks: ``window_in_sample``, and the
        last sample reached that far). None when the sample is ranked."""
        if self._ranked_as_read(query, where):
            return None
        key = self._settled_key(query, where, where_params, need)
        settled = _SETTLED.get(key)
        if settled is None or monotonic() - settled[1] > SETTLED_TTL:
            return key, None, False
        # this query settled within that age last time: rank that far first (a frequent
        # word's month, a rarer word's few weeks rather than its whole sample, which may
        # reach back months)
        low = max(self._id_before(settled[0] * SETTLED_MARGIN + 1), self.floor)
        return key, low, self.window_in_sample and low > 0 and settled[2] <= low

    def _ranked(self, query, sample: Sample, where, where_params, limit, offset, hint):
        """The top results by score, ranking recent id windows first (module docstring).
        ``hint``: ``_hint``'s answer, which the search asked before its sample."""
        need, best, key = offset + limit, {}, None
        # Matches per id among the newest: how many rows a window will rank.
        density = len(sample.rows) / max(1, sample.max_id + 1 - sample.low_id)
        first = None  # the first window's rows, when the sample holds them
        apart_tried = False
        if sample.ranked and not sample.ranked_from:  # the newest matches, scored: a window
            _keep_best(best, sample.rows)
            low, high, ranked = sample.low_id, sample.max_id + 1, float(len(sample.rows))
            if sample.complete or low <= self.floor:
                return _top_hits(best, offset, need)
            reach, apart_tried = self._settle(query, where, where_params, need, best, low, False)
            if reach is None:
                return _top_hits(best, offset, need)
            low, high = self._next_low(reach, low, high, density, ranked), low
        else:
            high, low = sample.max_id + 1, 0 if sample.complete else sample.low_id
            key, hinted, _ = hint  # None only for a sample ranked as read: the branch above
            if hinted is not None:
                low = hinted
                if sample.ranked_from == low and (sample.complete or sample.low_id <= low):
                    first = self._window_of_sample(sample, need)
            elif low > self.floor:
                reach = self._id_before(FIRST_WINDOW_DAYS * self.first_window_share)
                low = reach if self.first_window_capped else min(low, reach)
            low, ranked = max(low, self.floor), 0.0
        while True:
            if first is None:
                window = self._window(self.ranked_sql(query, low, high), where, where_params, need)
            else:
                window, first = first, None
            _keep_best(best, window)
            ranked += density * (high - low)
            if low <= self.floor or (self.max_ranked and ranked >= self.max_ranked):
                break
            reach, apart_tried = self._settle(
                query, where, where_params, need, best, low, apart_tried
            )
            if reach is None:
                break
            low, high = self._next_low(reach, low, high, density, ranked), low
        if key is not None and self.settled_days is not None:
            settled = (self.settled_days, monotonic(), 0 if sample.complete else sample.low_id)
            remember(_SETTLED, key, settled, SETTLED_SIZE)
        return _top_hits(best, offset, need)

    def _settle(self, query, where, where_params, need, best, low, apart_tried):
        """(``_reach`` below id ``low``, whether the rare OR-ed phrases were ranked apart).
        When the top is not settled and they were not yet, they are first
        (``_rank_apart``): the bound of the matches left then leaves them out, and the next
        window reaches back only as far as the frequent phrases need. Asked after every
        window, the sample ranked as it is read included: there, a rare alias's idf had the
        window after the sample rank a year of its frequent word (at 1,000,000 articles
        "سعودي", an OR of "سعود" and two Latin spellings: 290 ms)."""
        reach = self._reach(query, best, need, low)
        if reach is not None and not apart_tried:
            apart_tried = True
            self._rank_apart(query, where, where_params, need, best)
            if self.apart:
                reach = self._reach(query, best, need, low)
        return reach, apart_tried

    def _window_of_sample(self, sample: Sample, need: int) -> list[tuple]:
        """What ``_window`` gives for the ids from ``sample.ranked_from`` on, from the
        sample's rows (which then end with their score and ceiling, NULL below it;
        without the ceiling when it bounds nothing)."""
        ranked = [row for row in sample.rows if row[0] >= sample.ranked_from]
        ranked.sort(key=itemgetter(5), reverse=True)
        top = ranked[: 4 * need]
        if not self.ceiling_sql:
            return [(row[0], row[1], row[5]) for row in top]
        return self._ceilings_read(
            [(row[0], row[1], row[5], row[6] if len(row) > 6 else None) for row in top]
        )

    def _settled_key(self, query: ParsedQuery, where: str, where_params: list, need: int):
        def phrases(items) -> tuple:
            return tuple(item.terms for item in items)

        return (
            self.connection.vendor,
            self.connection.settings_dict["NAME"],
            tuple(phrases(group) for group in query.groups),
            phrases(query.excluded),
            tuple(phrases(group) for group in query.not_all),
            where,
            tuple(where_params),
            need,
        )

    def _rank_apart(self, query, where, where_params, need, best) -> None:
        """Rank every match of the query's rare OR-ed phrases (``apart_sql``), older ones
        included, into ``best``; ``rank_bound`` then leaves those phrases out, as no match
        left to rank holds them. An alias in another script is the common case: a word OR-ed
        with its Latin spelling that a few articles hold, each of which weighs more in the
        bound (its idf) than the word's thousands of matches."""
        apart = self.apart_sql(query, self.floor, 2**63 - 1)
        if apart is None:
            return
        sql, params, phrases = apart
        _keep_best(best, self._window((sql, params), where, where_params, need))
        self.apart = frozenset(phrases)

    def _next_low(self, reach: int, low: int, high: int, density: float, ranked: float) -> int:
        """The next window's first id: down to ``reach`` (the id past which no article can
        enter the top: one more window settles it), at least a quarter of the last window's
        width (never creep down a sliver at a time); twice as wide as the last one when
        ``reach`` is unknown (0); within ``max_ranked`` when there is a cap."""
        width = high - low
        nxt = min(reach, low - width // 4) if reach > 0 else low - width
        if self.max_ranked:
            nxt = max(nxt, low - 1 - int((self.max_ranked - ranked) / max(density, 1e-9)))
        return max(self.floor, min(nxt, low - 1))

    def _window(self, ranked: tuple[str, list], where, where_params, need: int) -> list[tuple]:
        """The top ``4 * need`` of the matches the ``ranked`` SQL scores (``ranked_sql``,
        ``apart_sql``), as (id, original, score) rows. The rank itself is read only
        inside the score: a column of its own would have SQLite compute it twice a row."""
        match, params = ranked
        sql = (
            f"SELECT a.id, COALESCE(a.duplicate_of_id, a.id), {self._score_sql()}"
            f"{self._ceiling_column()} "
            f"FROM ({match}) AS m CROSS JOIN {self.articles_sql()} "
            f"WHERE a.id = m.id AND a.held_reason = '' {where} ORDER BY score DESC LIMIT %s"
        )
        return self._ceilings_read(self._rows(sql, [*params, *where_params, 4 * need]))

    def _ceiling_column(self) -> str:
        return f", {self.ceiling_sql}" if self.ceiling_sql else ""

    def _ceilings_read(self, rows: list[tuple]) -> list[tuple]:
        """The rows without their ceiling_sql column, its highest value kept in seen_ceiling."""
        if not self.ceiling_sql:
            return rows
        self.seen_ceiling = max([self.seen_ceiling, *(row[-1] or 0.0 for row in rows)])
        return [row[:-1] for row in rows]

    def _score_sql(self) -> str:
        """A match's score: its rank, lowered with its age (module docstring)."""
        return f"m.rank / (1.0 + {self.age_days_sql} / {RECENCY_HALF_LIFE_DAYS}) AS score"

    def _reach(self, query, best: dict[int, float], need: int, low: int) -> int | None:
        """None when no article older than id ``low`` can enter the top ``need``; else a
        guess of the id down to which older articles still can (0 when unknown)."""
        if len(best) < need:
            return 0
        kth = sorted(best.values(), reverse=True)[need - 1]
        edge = self._rows(
            "SELECT fetched_at FROM news_article WHERE id < %s ORDER BY id DESC LIMIT 1", [low]
        )
        if not edge or kth <= 0:
            return None if not edge else 0
        bound = self.rank_bound(query)
        if kth * (1.0 + _age_days(edge[0][0]) / RECENCY_HALF_LIFE_DAYS) >= bound:
            self.settled_days = max(0.0, RECENCY_HALF_LIFE_DAYS * (bound / kth - 1))
            return None
        # An older article reaches kth only while bound / (1 + age / half-life) >= kth: none
        # fetched before that age does (published no later than fetched), so the window
        # down to the first id fetched since then settles the top (the check above passes).
        days = min(RECENCY_HALF_LIFE_DAYS * (bound / kth - 1), 365_000)
        return self._first_id_fetched_since(datetime.now(UTC) - timedelta(days=days))

    def _id_before(self, days: float) -> int:
        """About the id of the articles published ``days`` ago (a guess for window sizes)."""
        cutoff = datetime.now(UTC) - timedelta(days=min(days, 365_000))
        guess = self._rows(
            "SELECT id FROM news_article WHERE published_at <= %s "
            "ORDER BY published_at DESC LIMIT 1",
            [cutoff],
        )
        return guess[0][0] if guess else 0

    # --- Plumbing ------------------------------------------------------------------------

    def _rows(self, sql: str, params: list) -> list[tuple]:
        return fetch(sql, params, self.connection)

    def _scalar(self, sql: str, params: list):
        return self._rows(sql, params)[0][0]


def _keep_best(best: dict[int, float], rows) -> None:
    """Keep each original's best score from ranked rows (their original second, their
    score last) in ``best``."""
    for row in rows:
        canon, score = row[1], row[-1]
        best[canon] = max(best.get(canon, 0.0), score)


def _top_hits(best: dict[int, float], offset: int, need: int) -> list[Hit]:
    ordered = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return [Hit(article_id=canon, score=score) for canon, score in ordered[offset:need]]


def rare_or_phrases(query: ParsedQuery, phrase_of, rows_of) -> list[str]:
    """The phrases a backend ranks apart (``apart_sql``): of a query with OR (and no
    relaxed groups), the OR-ed phrases that hold at most APART_ROWS rows together, rarest
    first; none that no row holds (the bound leaves those out anyway). ``phrase_of`` writes
    an item in the engine's syntax, ``rows_of`` counts a phrase's rows."""
    items = query.positive_items()
    if query.not_all or len(items) == len(query.groups):
        return []  # no OR: every match holds every phrase
    counts = {phrase: rows_of(phrase) for phrase in {phrase_of(item) for item in items}}
    chosen, total = [], 0
    for phrase, rows in sorted(counts.items(), key=lambda pair: pair[1]):
        total += rows
        if total > APART_ROWS:
            break
        if rows:
            chosen.append(phrase)
    return chosen


def _selective(query: ParsedQuery) -> bool:
    """A query of several words or a phrase: its matches are usually few, and ranking them
    as they are sampled spares reading them twice. One word, or words OR-ed (its aliases),
    may match a fifth of the archive: its newest thousand matches are better left unranked,
    as a month of them is ranked next anyway; so may the partial matches of a relaxed
    query (any of its words)."""
    if query.not_all:
        return False
    return len(query.groups) > 1 or any(len(item.terms) > 1 for item in query.groups[0])


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _age_days(value) -> float:
    return max(0.0, (datetime.now(UTC) - _aware(value)).total_seconds() / 86400)


def _named(counts: Counter, names: dict) -> Counter:
    """Counts by id as counts by name (None for an id without one)."""
    named = Counter()
    for key, n in counts.items():
        named[names.get(key)] += n
    return named


def _days(values) -> Counter:
    """Stored datetimes counted by their UTC day (``YYYY-MM-DD``): counted first, each
    distinct day written out once (a sample holds a thousand datetimes, a few dozen days)."""
    values = list(values)
    try:
        joined = "|".join(values)  # Django's SQLite text (TypeError: a datetime or a None)
    except TypeError:
        joined = None
    # in UTC without an offset, as _utc_date tells it from the text, checked on all of them
    # at once (in C; a date has two hyphens, an offset would add a third): each day is then
    # the value's first ten characters
    if joined and "+" not in joined and "Z" not in joined and joined.count("-") == 2 * len(values):
        return Counter(map(itemgetter(_DAY), values))
    days = Counter()
    for day, n in Counter(_utc_date(value) for value in values).items():
        if day is not None:
            days[day if isinstance(day, str) else day.isoformat()] += n
    return days


_DAY = slice(0, 10)  # of Django's SQLite text: YYYY-MM-DD


def _utc_date(value):
    """The UTC day of a stored datetime: a date, or the day's text when stored as text."""
    if value is None:
        return None
    if isinstance(value, str):
        # stored in UTC without an offset (no sign past the date's two hyphens): no need
        # to parse it (three searches of the text in C: a sample holds a thousand)
        if "+" not in value and "Z" not in value and value.count("-") == 2:
            return value[:10]
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # as Django's SQLite backend reads it: in UTC
        return value.date()
    return value.astimezone(UTC).date()


def _top(counter: Counter, scale: float) -> list[tuple[str, int]]:
    ranked = sorted(((k, n) for k, n in counter.items() if k), key=lambda kn: (-kn[1], kn[0]))
    return [(str(key), max(1, round(count * scale))) for key, count in ranked[:FACET_SIZE]]


def filter_sql(filters: Filters, tz) -> tuple[str, list]:
    """SQL conditions (each starting with AND) for the query's filters."""
    clauses, params = [], []
    if filters.sources:
        subquery = f"SELECT id FROM news_source WHERE slug IN ({placeholders(filters.sources)})"
        clauses.append(f"AND a.source_id IN ({subquery})")
        params += filters.sources
    if filters.categories:
        subquery = (
            f"SELECT id FROM news_category WHERE slug IN ({placeholders(filters.categories)})"
        )
        clauses.append(f"AND a.category_id IN ({subquery})")
        params += filters.categories
    if filters.languages:
        clauses.append(f"AND a.language IN ({placeholders(filters.languages)})")
        params += filters.languages
    if filters.date_from:
        clauses.append("AND a.published_at >= %s")
        params.append(datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        clauses.append("AND a.published_at <= %s")
        params.append(datetime.combine(filters.date_to, time.max, tz))
    return " ".join(clauses), params
