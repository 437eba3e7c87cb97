"""The compiled FTS5 ranking functions (akhbar/search/_fts5rank.c) and how SQLite's backend
counts a search's phrases once with them."""

import sqlite3
import sys

import pytest
from django.db import OperationalError, connection

import akhbar.search
from akhbar.news.models import Article
from akhbar.search import service
from akhbar.search.backends import base, sqlite
from akhbar.search.backends.sqlite import SqliteBackend, fts5_item, fts5_phrases
from akhbar.search.index import reindex
from akhbar.search.query import parse_query, relaxed
from tests.search.test_ranking_windows import recorded_statements, without_native
from tests.search.test_search import NOW

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 functions"),
]
QUERIES = (
    "مستشفى",
    "وهران OR غواصة",
    "مستشفى طريق",
    '"ولاية وهران"',
    "جامعة -سوق",
    "(وهران OR طريق) جامعة -سوق",
    "مستشفى category:national",
)


@pytest.fixture(autouse=True)
def nothing_remembered(monkeypatch):
    monkeypatch.setattr(base, "_SETTLED", {})
    monkeypatch.setattr(sqlite, "_DF_CACHE", {})


def test_the_compiled_ranking_is_built_and_on_every_connection():
    from akhbar.search import _fts5rank  # built by `make install` (setup.py)

    assert _fts5rank.install() == sqlite3.sqlite_version
    # it should be there on the tests' connection, opened after the app registry was ready
    assert SqliteBackend(connection)._features()[1]


def ranks(query, backend) -> list[tuple[int, float]]:
    sql, params = backend.ranked_sql(query, 0, 2**63 - 1)
    return sorted((row[0], row[1]) for row in backend._rows(sql, params))


def test_akhbar_bm25_scores_as_fts5_bm25_given_the_same_idfs(two_years, monkeypatch):
    queries = [parse_query(text, aliases=None) for text in QUERIES]
    queries += [relaxed(parse_query("جامعة سوق وهران", aliases=None))]
    native = {str(q): ranks(q, SqliteBackend(connection)) for q in queries}
    without_native(monkeypatch)
    # it should give each match the very score FTS5's bm25 gives it: the same floats
    assert all(native.values())
    assert {str(q): ranks(q, SqliteBackend(connection)) for q in queries} == native


def test_its_phrases_are_numbered_as_fts5_numbers_them(two_years):
    query = parse_query("(وهران OR طريق) جامعة -سوق", aliases=None)
    backend = SqliteBackend(connection)
    sql = "SELECT akhbar_phrase_rows(search_fts) FROM search_fts WHERE search_fts MATCH %s"
    match = sqlite.fts5_match(query)
    counted = backend._rows(sql + " LIMIT 1", [match])[0][0].split()
    # it should count the phrases in the order fts5_phrases lists them
    phrases = [fts5_item(item) for item in fts5_phrases(query)]
    assert [backend._phrase_rows(p) for p in phrases] == [int(n) for n in counted]


def test_a_search_counts_each_phrase_once_however_many_windows_it_ranks(two_years, monkeypatch):
    monkeypatch.setattr(base, "SAMPLE_CAP", 15)
    monkeypatch.setattr(base, "FIRST_WINDOW_DAYS", 5)
    statements, windows = recorded_statements(monkeypatch), {}
    for text in QUERIES:
        statements.clear()
        service.search(text, snippets=False)
        windows[text] = sum("ORDER BY score DESC" in sql for sql in statements)
        # it should count the query's phrases in one statement, never with FTS5's bm25
        # (which counts them in every statement that ranks)
        assert sum("akhbar_phrase_rows" in sql for sql in statements) == 1, text
        assert not any("bm25(" in sql.replace("akhbar_bm25(", "") for sql in statements)
    # ... however many windows the queries ranked
    assert max(windows.values()) >= 3, windows


def test_a_frequent_phrase_is_counted_again_once_the_archive_grew(two_years, monkeypatch):
    monkeypatch.setattr(sqlite, "DF_REMEMBERED_FROM", 0)  # every count remembered
    statements = recorded_statements(monkeypatch)

    def counted(text: str) -> bool:
        statements.clear()
        service.search(text, snippets=False)
        return any("akhbar_phrase_rows" in sql for sql in statements)

    assert counted("مستشفى")
    # it should take a count from the last search while the archive stands still
    assert not counted("مستشفى")
    agency = Article.objects.first().source
    for n in range(3):
        Article.objects.create(
            source=agency,
            url=f"https://wakala.test/r/new{n}",
            title="مستشفى جديد",
            body="مستشفى",
            language="ar",
            published_at=NOW,
            fetched_at=NOW,
        )
    reindex()
    # ... and count again once it grew by more than DF_DRIFT (three articles in 243)
    assert counted("مستشفى")


def test_a_rare_phrase_is_counted_by_each_search(two_years, monkeypatch):
    statements = recorded_statements(monkeypatch)
    for _ in range(2):
        statements.clear()
        service.search("وهران", snippets=False)
        # it should count a phrase of fewer than DF_REMEMBERED_FROM rows again: exact
        assert any("akhbar_phrase_rows" in sql for sql in statements)


def test_akhbar_bm25_says_what_it_needs_when_given_too_few_idfs(two_years):
    backend, query = SqliteBackend(connection), parse_query("مستشفى", aliases=None)
    sql = "SELECT akhbar_bm25(search_fts, 4, 1) FROM search_fts WHERE search_fts MATCH %s"
    # it should fail with a message naming its arguments, not rank with made-up idfs
    with pytest.raises(OperationalError, match="2 column weights and one idf a phrase"):
        backend._rows(sql, [sqlite.fts5_match(query)])


def test_without_the_compiled_module_it_says_so_and_ranks_with_fts5(monkeypatch, caplog):
    # as if never built
    monkeypatch.setitem(sys.modules, "akhbar.search._fts5rank", None)
    monkeypatch.delattr(akhbar.search, "_fts5rank", raising=False)
    # it should say that SQLite ranks with FTS5's bm25, and go on
    assert sqlite.install_ranking() is False
    assert "_fts5rank is not built" in caplog.text
