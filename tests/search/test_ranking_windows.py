"""Newest-first ranking windows return the same top results as ranking every match."""

import re
from datetime import timedelta

import pytest
from django.db import connection

from akhbar.news.models import Article
from akhbar.search import service
from akhbar.search.backends import backend_for, base
from akhbar.search.backends.sqlite import SqliteBackend
from akhbar.search.index import reindex
from akhbar.search.query import parse_query, relaxed
from akhbar.text.analyzer import analyze
from tests.search.test_search import NOW

pytestmark = pytest.mark.django_db
WORDS = "مستشفى ولاية وهران طريق جامعة سوق".split()
# On SQLite, every test runs with both rankings: akhbar_bm25 with the idfs the search
# counted (_fts5rank.c) and FTS5's own bm25(), which counts them in each statement.
RANKINGS = ("akhbar_bm25", "bm25") if connection.vendor == "sqlite" else ("engine",)


@pytest.fixture(autouse=True, params=RANKINGS)
def ranking(request, monkeypatch) -> str:
    if request.param == "bm25":
        without_native(monkeypatch)
    return request.param


def without_native(monkeypatch) -> None:
    """SQLite ranks with FTS5's bm25(), as it does where _fts5rank is not built."""
    features = SqliteBackend._features
    monkeypatch.setattr(
        SqliteBackend, "_features", lambda self: (features(self)[0], False, features(self)[2])
    )


@pytest.fixture(autouse=True)
def no_settled_reach(monkeypatch):
    """Each test starts with no query's settled reach remembered (``base._SETTLED``): the
    windows a search ranks are then those of its sample and first window alone."""
    monkeypatch.setattr(base, "_SETTLED", {})


def forget_settled_reach(monkeypatch) -> None:
    monkeypatch.setattr(base, "_SETTLED", {})


def ranked_ids(text: str, limit: int = 10) -> list[int]:
    return [r.article.pk for r in service.search(text, limit=limit, snippets=False).results]


def test_it_ranks_like_ranking_every_match(two_years, monkeypatch):
    queries = ("مستشفى", "وهران", "مستشفى طريق", '"ولاية وهران"', "مستشفى -سوق", "وهران OR غواصة")
    everything = {q: ranked_ids(q) for q in queries}
    # With a tiny sample and a short first window, several windows are ranked in turn (after
    # the sample, ranked as it is read, of the queries of several words or a phrase).
    monkeypatch.setattr(base, "SAMPLE_CAP", 15)
    monkeypatch.setattr(base, "FIRST_WINDOW_DAYS", 5)
    forget_settled_reach(monkeypatch)
    # it should return the very same top results, in the same order
    assert {q: ranked_ids(q) for q in everything} == everything


def test_it_ranks_a_filtered_query_from_its_sample_like_window_by_window(two_years, monkeypatch):
    queries = ("مستشفى category:national", "وهران source:wakala", "مستشفى طريق category:national")
    with_sample = {q: ranked_ids(q) for q in queries}
    monkeypatch.setattr(type(backend_for(connection)), "ranks_in_sample", False)
    # it should return the very same top results, in the same order
    assert all(with_sample.values())
    assert {q: ranked_ids(q) for q in queries} == with_sample


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's bound")
def test_it_bounds_a_partial_match_by_the_words_it_can_hold(two_years):
    backend = SqliteBackend(connection)
    strict = parse_query("جامعة سوق وهران", aliases=None)
    loose = relaxed(strict)
    sql, params = backend.ranked_sql(loose, 0, 2**63 - 1)
    ranks = [row[1] for row in backend._rows(sql, params)]
    # it should hold every partial match's rank, below the bound of all the words together
    assert ranks
    assert max(ranks) <= backend.rank_bound(loose) < backend.rank_bound(strict)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's bound")
def test_it_bounds_a_query_without_or_by_what_its_ranking_statement_computed(two_years, ranking):
    for text in ("مستشفى", "وهران", "جامعة -سوق", "مستشفى طريق", '"ولاية وهران"'):
        backend, query = SqliteBackend(connection), parse_query(text, aliases=None)
        counted = backend.rank_bound(query)  # nothing ranked yet: the phrase is counted
        backend.search(query, limit=5, facets=False)
        if ranking == "bm25":
            # it should take the bound from the ranking, at most a millionth above the count's
            assert backend.seen_ceiling > 0
            assert counted <= backend.rank_bound(query) <= counted * (1 + 2e-6)
        else:
            # it should bound with the very idfs it ranked with: no ceiling computed
            assert backend.seen_ceiling == 0
            assert backend.rank_bound(query) == counted


def test_it_leaves_a_phrase_no_article_holds_out_of_the_bound(two_years):
    backend = backend_for(connection)
    word, with_absent = (parse_query(t, aliases=None) for t in ("وهران", "وهران OR غواصة"))
    # it should bound a word OR-ed with a word no article holds (an alias in another script
    # on an archive of one language) as the word alone: the absent word's idf is the highest
    assert backend.rank_bound(with_absent) == pytest.approx(backend.rank_bound(word))
    assert backend.rank_bound(parse_query("وهران OR مستشفى", aliases=None)) > (
        backend.rank_bound(word)
    )


def recorded_statements(monkeypatch, params: bool = False) -> list:
    """The SQL of every statement the search backends run from now on, in order (with
    ``params``: (SQL, parameters) pairs)."""
    statements, rows = [], base.SearchBackend._rows
    monkeypatch.setattr(
        base.SearchBackend,
        "_rows",
        lambda self, sql, p: statements.append((sql, p) if params else sql) or rows(self, sql, p),
    )
    return statements


def oldest_hold_a_rare_word() -> None:
    """The three oldest articles (a window reaches them last) hold "غواصة", which no other
    article does."""
    for article in Article.objects.order_by("pk")[:3]:
        article.body += " غواصة"
        article.save()
    reindex()


def test_it_ranks_the_matches_of_a_rare_or_ed_phrase_apart(two_years, monkeypatch):
    oldest_hold_a_rare_word()
    queries = ("مستشفى OR غواصة", "وهران OR غواصة", "غواصة OR طريق", '"ولاية وهران" OR غواصة')
    everything = {q: ranked_ids(q) for q in queries}
    monkeypatch.setattr(base, "SAMPLE_CAP", 15)
    monkeypatch.setattr(base, "FIRST_WINDOW_DAYS", 5)
    forget_settled_reach(monkeypatch)
    statements = recorded_statements(monkeypatch)
    # it should return the very same top results, in the same order, having ranked the
    # rare word's three matches apart, and so fewer windows
    assert {q: ranked_ids(q) for q in queries} == everything
    windows = sum("ORDER BY score DESC" in sql for sql in statements)
    backend = type(backend_for(connection))
    monkeypatch.setattr(backend, "apart_sql", lambda self, query, low, high: None)
    forget_settled_reach(monkeypatch)
    statements.clear()
    assert {q: ranked_ids(q) for q in queries} == everything
    assert windows < sum("ORDER BY score DESC" in sql for sql in statements)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's sample ranked as read")
def test_it_ranks_a_rare_or_ed_phrase_apart_right_after_a_sample_ranked_as_read(
    two_years, monkeypatch
):
    oldest_hold_a_rare_word()
    query = '"ولاية وهران" OR غواصة'  # a phrase: its sample is ranked as it is read
    everything = ranked_ids(query)
    monkeypatch.setattr(base, "SAMPLE_CAP", 15)
    forget_settled_reach(monkeypatch)
    statements = recorded_statements(monkeypatch, params=True)
    # it should give the same top results, the statement after the sample ranking the rare
    # word's matches apart (the query AND the word with akhbar_bm25, an id test with bm25())
    assert ranked_ids(query) == everything
    ranking = [(sql, p) for sql, p in statements if "ORDER BY score DESC" in sql]
    sql, params = ranking[0]
    assert "+rowid IN" in sql or any(" AND (" in str(value) for value in params)


def test_a_query_first_ranks_as_far_back_as_it_settled_the_last_time(two_years, monkeypatch):
    queries = ("مستشفى", "وهران", "مستشفى OR غواصة", "وهران category:national")
    monkeypatch.setattr(base, "SAMPLE_CAP", 15)
    monkeypatch.setattr(base, "FIRST_WINDOW_DAYS", 5)
    statements = recorded_statements(monkeypatch)
    first = {q: ranked_ids(q) for q in queries}
    first_windows = sum("ORDER BY score DESC" in sql for sql in statements)
    assert set(base._SETTLED)  # what each settled at is remembered
    statements.clear()
    again = {q: ranked_ids(q) for q in queries}
    # it should return the very same top results, in the same order, ranking fewer windows
    # (each query's first reaches where its top settled)
    assert again == first
    assert sum("ORDER BY score DESC" in sql for sql in statements) < first_windows
    # and a reach remembered too short should only cost more windows
    for key, (days, at, oldest) in list(base._SETTLED.items()):
        base._SETTLED[key] = (days / 50, at, oldest)
    assert {q: ranked_ids(q) for q in queries} == first


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's window_in_sample")
def test_a_query_run_again_reads_its_first_window_with_its_sample(two_years, monkeypatch):
    queries = ("مستشفى", "وهران", "مستشفى OR غواصة", "وهران OR Oran")
    monkeypatch.setattr(base, "SAMPLE_CAP", 60)
    monkeypatch.setattr(base, "FIRST_WINDOW_DAYS", 5)
    first = {q: search_state(q) for q in queries}
    statements = recorded_statements(monkeypatch)
    again = {q: search_state(q) for q in queries}
    # it should give the same results, totals and facets, its sample carrying the ranks of
    # the first window: no statement ranks that window apart
    assert again == first
    samples = [sql for sql in statements if "ORDER BY m.id DESC" in sql]
    assert len(samples) == len(queries)
    assert all("CASE WHEN m.id >= " in sql for sql in samples)
    windows = [sql for sql in statements if "ORDER BY score DESC" in sql]
    forget_settled_reach(monkeypatch)
    statements.clear()
    assert {q: search_state(q) for q in queries} == first
    assert len(windows) < sum("ORDER BY score DESC" in sql for sql in statements)
    # and a sample that no longer reaches that window should only cost the window's statement
    for key, (days, at, oldest) in list(base._SETTLED.items()):
        base._SETTLED[key] = (days * 50, at, oldest)
    assert {q: search_state(q) for q in queries} == first


def search_state(text: str) -> tuple:
    page = service.search(text, snippets=False)
    return [r.article.pk for r in page.results], page.total, page.estimated, page.facets


def test_it_reads_the_whole_sample_when_a_guess_of_its_reach_falls_short(two_years, monkeypatch):
    queries = ("مستشفى", "وهران", "مستشفى طريق")
    monkeypatch.setattr(base, "SAMPLE_CAP", 15)
    backend = type(backend_for(connection))
    monkeypatch.setattr(backend, "sample_low", lambda self, query: 0)
    without_guess = {q: search_state(q) for q in queries}
    newest = Article.objects.order_by("-pk").first().pk
    for guess in (newest, newest - 40):  # too narrow, and about right
        monkeypatch.setattr(backend, "sample_low", lambda self, query, g=guess: g)
        # it should give the same results, totals and facets as reading every match
        assert {q: search_state(q) for q in queries} == without_guess


def test_it_estimates_totals_and_facets_past_the_sample(two_years, monkeypatch):
    monkeypatch.setattr(base, "SAMPLE_CAP", 15)
    page = service.search("مستشفى", snippets=False)
    # it should say the count is an estimate, and be in the right range
    assert page.estimated
    assert 150 <= page.total <= 400


def test_it_turns_a_start_date_into_an_id_bound(two_years):
    page = service.search("مستشفى after:" + (NOW - timedelta(days=30)).date().isoformat())
    # it should only return articles of those dates
    assert page.results
    assert all(r.article.published_at >= NOW - timedelta(days=31) for r in page.results)


def test_it_finds_the_first_id_fetched_since_a_moment_whatever_the_pace(two_years, agency):
    # after two years of one article every three days, 60 fetched within seven seconds
    # (several at the same moment); and a gap in the ids
    burst = NOW - timedelta(days=1)
    for n in range(60):
        Article.objects.create(source=agency, url=f"https://wakala.test/burst/{n}", title="خبر",
                               body="خبر", fetched_at=burst + timedelta(seconds=n // 9))  # fmt: skip
    Article.objects.filter(pk__in=Article.objects.order_by("pk").values("pk")[50:80]).delete()
    fetched = sorted(Article.objects.values_list("fetched_at", "pk"))
    backend = backend_for(connection)
    moments = [moment for moment, _ in fetched[::7]] + [
        burst + timedelta(seconds=3),
        fetched[0][0] - timedelta(days=1),
        fetched[-1][0],
        fetched[-1][0] + timedelta(seconds=1),
    ]
    for since in moments:
        before = [pk for moment, pk in fetched if moment < since]
        # it should give what a binary search of the ids gives: just past the last article
        # fetched before that moment
        assert backend._first_id_fetched_since(since) == (max(before) + 1 if before else 0)


def test_it_boosts_titles_holding_the_words_in_order():
    query = parse_query("وزير الداخلية")
    # it should prefer the title with both words in order over one word alone
    in_order = service.title_boost(query, " ".join(analyze("وزير الداخلية يزور")))
    apart = service.title_boost(query, " ".join(analyze("الداخلية والوزير")))
    alone = service.title_boost(query, " ".join(analyze("الوزير يزور")))
    assert in_order > apart > alone > 1.0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan choice")
def test_it_finds_the_same_matches_through_either_plan(two_years, monkeypatch):
    from akhbar.search.backends import postgres

    queries = ("مستشفى", "وهران", "مستشفى طريق", '"ولاية وهران"', "جامعة -سوق")
    monkeypatch.setattr(base, "SAMPLE_CAP", 15)
    # Small counts: the matches and the windows come from the GIN index.
    through_gin = {q: ranked_ids(q) for q in queries}
    totals = {q: service.search(q, snippets=False).total for q in queries}
    monkeypatch.setattr(postgres, "GIN_MATCHES_MAX", 0)
    monkeypatch.setattr(postgres, "SPARSE_SHARE", 0.0)
    monkeypatch.setattr(postgres, "PHRASE_IDS_MAX", 0)  # no phrase's ids listed
    # it should return the same results and totals when walking the primary key
    assert {q: ranked_ids(q) for q in queries} == through_gin
    assert {q: service.search(q, snippets=False).total for q in queries} == totals


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index of what a search reads")
def test_it_reads_the_matches_articles_from_the_rank_index_alone(two_years):
    backend = SqliteBackend(connection)
    sql, params = backend.ranked_sql(parse_query("مستشفى", aliases=None), 0, 2**63 - 1)
    window = (
        f"SELECT a.id, a.published_at, a.duplicate_of_id FROM ({sql}) AS m "
        f"CROSS JOIN {backend.articles_sql()} WHERE a.id = m.id AND a.held_reason = ''"
    )
    plan = " ".join(row[-1] for row in backend._rows(f"EXPLAIN QUERY PLAN {window}", params))
    # it should join each match through the index, never reading the article's row
    assert "COVERING INDEX search_article_rank_idx" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index of what a search reads")
def test_it_searches_alike_without_the_rank_index(two_years, monkeypatch):
    queries = ("مستشفى", "وهران source:wakala", "مستشفى طريق category:national")
    with_index = {q: search_state(q) for q in queries}
    with connection.cursor() as cursor:  # as a table rebuilt by a later migration leaves it
        cursor.execute("DROP INDEX search_article_rank_idx")
    monkeypatch.setattr(connection, "_akhbar_search_features", None, raising=False)
    # it should notice the index is gone and give the same results, totals and facets
    assert {q: search_state(q) for q in queries} == with_index
    assert "INDEXED BY" not in SqliteBackend(connection).articles_sql()


def rank_index_columns() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA index_info(search_article_rank_idx)")
            return {row[2] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT c.attname FROM pg_index i JOIN pg_attribute c ON c.attrelid = i.indrelid "
            "AND c.attnum = ANY(i.indkey) WHERE i.indexrelid = 'search_article_rank_idx'::regclass"
        )
        return {row[0] for row in cursor.fetchall()}


def test_its_rank_index_holds_every_column_a_search_reads_of_an_article(two_years, monkeypatch):
    statements = recorded_statements(monkeypatch)
    filters = "source:wakala category:national lang:ar after:2000-01-01 before:2100-01-01"
    for sort in ("relevance", "newest"):
        for text in ("مستشفى", f"مستشفى طريق {filters}", '"ولاية وهران" -سوق'):
            service.search(text, sort=sort, snippets=False)
    joined = [sql for sql in statements if " a INDEXED BY " in sql or "news_article a " in sql]
    read = {column for sql in joined for column in re.findall(r"\ba\.(\w+)", sql)}
    # it should find every article column the search's joins read in the index (on SQLite
    # and PostgreSQL alike), so that no match's lookup reaches the table's row
    assert read and read <= rank_index_columns()


def test_a_first_window_stops_at_its_reach_though_its_sample_reaches_further(
    two_years, monkeypatch
):
    queries = ("مستشفى", "وهران", "وهران OR غواصة", "طريق")
    # a sample of 60 matches reaches back months, the first window a few days
    monkeypatch.setattr(base, "SAMPLE_CAP", 60)
    monkeypatch.setattr(base, "FIRST_WINDOW_DAYS", 5)
    backend = type(backend_for(connection))
    ranked, first_lows = backend.ranked_sql, []

    def recorded(self, query, low, high, **options):
        if high < 2**63 - 1 and not first_lows[-1]:  # the first window of a search
            first_lows[-1] = low
        return ranked(self, query, low, high, **options)

    monkeypatch.setattr(backend, "ranked_sql", recorded)

    def first_windows(capped: bool) -> tuple[dict, list[int]]:
        monkeypatch.setattr(backend, "first_window_capped", capped)
        forget_settled_reach(monkeypatch)
        first_lows.clear()
        found = {}
        for q in queries:
            first_lows.append(0)
            found[q] = ranked_ids(q)
        return found, list(first_lows)

    whole, sample_lows = first_windows(False)
    capped, capped_lows = first_windows(True)
    # it should return the very same top results, in the same order, its first window
    # starting later than the sample's oldest match (fewer matches ranked first)
    assert capped == whole
    assert all(capped_low > low for capped_low, low in zip(capped_lows, sample_lows, strict=True))
