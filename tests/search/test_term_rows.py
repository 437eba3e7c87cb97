"""The stored row counts of the index's frequent terms (akhbar/search/term_rows.py)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from akhbar.ingest import runner
from akhbar.news.models import Article, Category
from akhbar.news.sql import fetch
from akhbar.search import service, term_rows
from akhbar.search.backends import base, sqlite
from akhbar.search.index import reindex
from tests.search.test_ranking_windows import recorded_statements
from tests.search.test_search import NOW

pytestmark = pytest.mark.django_db
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
# "frequent" on the two_years archive (240 articles): مستشفى is in every one, وهران in some
FREQUENT = 50


@pytest.fixture(autouse=True)
def small_archive_frequencies(monkeypatch):
    monkeypatch.setattr(term_rows, "FREQUENT", FREQUENT)
    monkeypatch.setattr(base, "_SETTLED", {})
    monkeypatch.setattr(sqlite, "_DF_CACHE", {})


def stored() -> dict[str, int]:
    sql = "SELECT term, documents FROM search_term_rows WHERE term != ''"
    return dict(fetch(sql, [], connection))


def walked(statements) -> bool:
    """Whether a search walked a doclist for a count (``akhbar_phrase_rows`` or COUNT)."""
    return any(
        "akhbar_phrase_rows" in sql or "COUNT(*) FROM search_fts" in sql for sql in statements
    )


def page(text: str) -> list[tuple[int, float]]:
    """The results' ids and scores (to six figures: the clock moves the scores)."""
    return [
        (r.article.pk, float(f"{r.score:.6g}"))
        for r in service.search(text, snippets=False).results
    ]


def add_articles(count: int, agency) -> None:
    national = Category.objects.get(slug="national")
    for n in range(count):
        Article.objects.create(source=agency, url=f"https://wakala.test/more/{n}", title="طريق",
                               body="طريق سوق", language="ar", published_at=NOW,
                               fetched_at=NOW + timedelta(seconds=n), category=national)  # fmt: skip
    reindex()


@on_sqlite
def test_it_stores_the_row_count_of_every_term_many_rows_hold(two_years):
    assert term_rows.refresh() == len(stored())
    counts = stored()
    # it should hold the frequent terms with the number of rows holding each, and no other
    assert counts
    for term, documents in counts.items():
        assert documents >= FREQUENT
        sql = "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s"
        assert fetch(sql, [f'"{term}"'], connection)[0][0] == documents


@on_sqlite
def test_a_search_takes_a_stored_count_instead_of_walking_the_doclist(two_years, monkeypatch):
    walking = recorded_statements(monkeypatch)
    before = page("مستشفى")
    assert walked(walking)
    term_rows.refresh()
    monkeypatch.setattr(sqlite, "_DF_CACHE", {})
    taking = recorded_statements(monkeypatch)
    # it should rank the same articles with the same scores, without counting the rows again
    assert page("مستشفى") == before
    assert not walked(taking)
    assert any("search_term_rows" in sql for sql in taking)


@on_sqlite
def test_a_stored_count_is_walked_again_once_the_index_grew_past_the_drift(
    two_years, agency, monkeypatch
):
    term_rows.refresh()
    add_articles(5, agency)  # 2 % more rows
    statements = recorded_statements(monkeypatch)
    page("مستشفى")
    # it should count the rows anew rather than take a count of 240 rows out of 245
    assert walked(statements)


@on_sqlite
def test_it_refreshes_when_the_index_moved_or_a_day_passed(two_years, agency, monkeypatch):
    # it should be due before any refresh, and not right after one
    assert term_rows.due()
    assert term_rows.refresh_when_due()
    assert not term_rows.due()
    assert not term_rows.refresh_when_due()
    add_articles(2, agency)  # 0.8 % more rows
    assert term_rows.due()
    term_rows.refresh()
    later = term_rows.time.time() + term_rows.REFRESH_AGE + 1
    monkeypatch.setattr(term_rows.time, "time", lambda: later)
    assert term_rows.due()


@on_sqlite
def test_it_is_not_due_on_an_index_too_small_to_hold_a_frequent_term(agency):
    add_articles(3, agency)
    assert not term_rows.due()


@on_sqlite
def test_the_runner_refreshes_the_counts_between_passes(two_years, monkeypatch):
    monkeypatch.setattr(connection, "close", lambda: None)  # the test's transaction stays open
    runner.between_passes()
    # it should have stored them after the pass's alerts
    assert stored()


@on_sqlite
def test_reindex_stores_the_counts_and_counts_only_when_asked(two_years, capsys):
    call_command("reindex", counts=True)
    assert stored()
    assert "frequent terms' row counts stored" in capsys.readouterr().out
    fetch("DELETE FROM search_term_rows", [], connection)
    call_command("reindex", stale=True, workers=1)
    # it should store them after a reindex too: an analyzer change moves them
    assert stored()


def test_refresh_failures_are_logged_not_raised(monkeypatch, caplog):
    def broken(using="default"):
        raise RuntimeError("disk")

    monkeypatch.setattr(term_rows, "due", broken)
    # it should let a crawl pass go on
    assert term_rows.refresh_when_due() is False
    assert "not refreshed" in caplog.text


@pytest.mark.skipif(connection.vendor == "sqlite", reason="PostgreSQL counts from search_term_df")
def test_postgresql_stores_nothing(two_years):
    assert term_rows.refresh() == 0
    assert not term_rows.due()
