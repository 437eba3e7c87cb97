"""SQLite FTS5 and PostgreSQL return the same results, in the same order up to ties.

The comparison runs in its own process (``python -m eval.search --parity``): it needs both
databases at once, a scratch SQLite file and a scratch PostgreSQL database on the machine's
server, whatever DATABASE_URL the tests run on. 2,000 real ANT articles plus the French
ones; 20 known-item queries per evaluation set (a, b, c, d-title, d-bare).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from akhbar.news.models import Article
from akhbar.search.index import index_article
from akhbar.search.models import SearchDocument
from akhbar.search.query import engine_tokens
from eval import search as evaluation

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not evaluation.ANT.exists(), reason="needs ../shared/data/ant")
def test_it_ranks_the_evaluation_queries_alike_on_both_backends():
    command = [sys.executable, "-m", "eval.search", "--parity", "2000", "--limit", "20"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    # it should compare real result lists, every query of every set
    assert found["queries"] >= 90 and found["results"] >= 500
    # it should find no difference beyond ties
    assert found["differences"] == {}


def test_it_tells_ties_from_differences():
    a, b = ("https://a.test", 2.0, False), ("https://b.test", 2.0, False)
    c = ("https://c.test", 1.0, False)
    # it should accept two tied results in either order
    assert evaluation.parity_differences([a, b, c], [b, a, c]) == []
    # it should report another article, or another score, at a rank
    assert evaluation.parity_differences([a, c], [a, ("https://d.test", 1.0, False)])
    assert evaluation.parity_differences([a, c], [a, ("https://c.test", 1.5, False)])


def test_it_splits_terms_into_the_tokens_fts5_indexes():
    # it should split at apostrophes and invisible characters, and fold case
    assert engine_tokens(["aujourd'hui", "ABC", "x\u200by"]) == ["aujourd", "hui", "abc", "x", "y"]
    # it should keep Arabic terms whole
    assert engine_tokens(["ولاية", "2024"]) == ["ولاية", "2024"]


def totals() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(documents), 0), COALESCE(SUM(terms), 0) FROM search_totals"
        )
        return tuple(int(v) for v in cursor.fetchone())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's bm25 statistics")
def test_it_keeps_the_index_totals_in_step(dispatch):
    before = totals()
    index_article(dispatch)
    terms = len(SearchDocument.objects.get(pk=dispatch.pk).body_terms.split())
    terms += len(SearchDocument.objects.get(pk=dispatch.pk).title_terms.split())
    # it should count the new row and its tokens
    assert totals() == (before[0] + 1, before[1] + terms)
    dispatch.title = "عنوان"
    dispatch.save()
    index_article(dispatch)
    document = SearchDocument.objects.get(pk=dispatch.pk)
    # it should follow an update, then a delete
    assert totals() == (
        before[0] + 1,
        before[1] + len(f"{document.title_terms} {document.body_terms}".split()),
    )
    Article.objects.filter(pk=dispatch.pk).delete()
    assert totals() == before


def term_frequencies() -> dict[str, int]:
    """search_term_df next to a count of every lexeme's rows (ts_stat over the index)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, df FROM search_term_df WHERE df <> 0")
        kept = dict(cursor.fetchall())
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM search_document')"
        )
        return kept, dict(cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's term statistics")
def test_it_keeps_each_terms_document_frequency_in_step(dispatch, agency):
    from akhbar.search.index import reindex

    index_article(dispatch)
    other = Article.objects.create(
        source=agency,
        url="https://wakala.test/df",
        title="وزير الصحة",
        body="مستشفى جديد",
        fetched_at=dispatch.fetched_at,
    )
    index_article(other)
    kept, counted = term_frequencies()
    # it should count each term's rows as the index holds them
    assert kept == counted and kept
    dispatch.title = "عنوان آخر تماما"
    dispatch.save()
    index_article(dispatch)
    reindex()  # a batch upsert of unchanged and changed entries
    kept, counted = term_frequencies()
    # it should follow an update and a batch reindex
    assert kept == counted
    Article.objects.filter(pk=dispatch.pk).delete()
    kept, counted = term_frequencies()
    # it should follow a delete
    assert kept == counted


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's term statistics")
def test_it_reads_a_terms_frequency_and_counts_a_phrases(dispatch, monkeypatch):
    from akhbar.search.backends import backend_for, postgres

    monkeypatch.setattr(postgres, "_DF_CACHE", {})
    index_article(dispatch)
    first, second = SearchDocument.objects.get(pk=dispatch.pk).title_terms.split()[:2]
    phrases = [f"('{first}')", f"(('{first}':A <-> '{second}':A) | ('{first}':B <-> '{second}':B))",
               "('zzzabsent')"]  # fmt: skip
    backend = backend_for(connection)
    # it should read single terms from the table (0 for an absent one), not phrases
    assert backend._term_frequencies(phrases) == {phrases[0]: 1, phrases[2]: 0}
    # it should give what counting the matches gives
    assert backend._frequencies(phrases, 1) == [1, 1, 0]


def phrase_frequency(phrase: str) -> int:
    """What a new search counts for the phrase (a backend per search, as service.search)."""
    from akhbar.search.backends import backend_for
    from akhbar.search.backends.postgres import ts_item
    from akhbar.search.query import parse_query

    item = parse_query(f'"{phrase}"').groups[0][0]
    return backend_for(connection)._frequencies([ts_item(item)], 1)[0]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's phrase counts")
def test_it_counts_a_phrase_anew_after_articles_holding_it_come_and_go(dispatch, agency):
    index_article(dispatch)
    before = phrase_frequency("الموسم الفلاحي")
    other = Article.objects.create(
        source=agency,
        url="https://wakala.test/phrase",
        title="الموسم الفلاحي في الجنوب",
        body="انطلاق الموسم الفلاحي",
        fetched_at=dispatch.fetched_at,
    )
    index_article(other)
    # it should count the new article's phrase at once (no remembered count)
    assert phrase_frequency("الموسم الفلاحي") == before + 1
    Article.objects.filter(pk=other.pk).delete()
    # it should forget it as soon as the article is gone
    assert phrase_frequency("الموسم الفلاحي") == before


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage")
def test_it_keeps_each_vector_in_its_heap_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'search_document'::regclass AND attname = 'search_vector'"
        )
        storage = cursor.fetchone()[0]
    # it should store the tsvector in the row (MAIN), where windows read it without TOAST
    assert storage == "m"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner settings")
def test_it_searches_without_parallel_workers(dispatch, monkeypatch):
    from akhbar.search.backends.postgres import PostgresBackend
    from akhbar.search.service import search

    index_article(dispatch)
    seen, sample = [], PostgresBackend._sample

    def spy(backend, *args):
        seen.append(backend._scalar("SHOW max_parallel_workers_per_gather", []))
        return sample(backend, *args)

    monkeypatch.setattr(PostgresBackend, "_sample", spy)
    # it should find the article with statements that start no parallel worker
    assert [r.article.pk for r in search("الموسم الفلاحي").results] == [dispatch.pk]
    assert seen and set(seen) == {"0"}


@pytest.mark.django_db
def test_it_answers_a_search_of_an_empty_archive_with_no_results():
    from akhbar.search.service import search

    # it should find nothing, on either backend, rather than fail on an empty index
    page = search("0", sort="relevance")
    assert page.total == 0 and list(page.results) == []
