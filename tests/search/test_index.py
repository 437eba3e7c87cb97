"""``reindex`` on the real database backend: it writes only the entries that changed, and a
reindex leaves the index answering exactly as before (real ANT and French articles)."""

import pytest
from django.db import connection

from akhbar.news.models import Article
from akhbar.search.index import changed_entries, document_fields, reindex, stale_count
from akhbar.search.models import SearchDocument
from akhbar.search.service import search
from akhbar.text.analyzer import ANALYZER_VERSION
from eval import search as evaluation

pytestmark = pytest.mark.django_db
ARTICLES = 60


@pytest.fixture
def indexed(categories) -> list[evaluation.Doc]:
    """Real articles, stored and indexed."""
    docs = evaluation.arabic_docs()[:ARTICLES] + evaluation.french_docs()
    evaluation.store_articles(docs)
    reindex()
    return docs


def index_state() -> list[tuple]:
    """What any write to the index changes: FTS5's pages on SQLite, the place of each row's
    current version (ctid) on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT article_id, ctid::text FROM search_document ORDER BY 1")
        else:
            cursor.execute("SELECT id, block FROM search_fts_data ORDER BY id")
        return cursor.fetchall()


def check_fts5_against_its_content() -> None:
    """FTS5's integrity check, comparing the index with search_document (SQLite)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")


def answers(docs) -> tuple[list[list[int]], list[float]]:
    """The ranked ids of a known-item query per article title, and their scores (which drift
    with the clock: an article's age lowers its score)."""
    pages = [
        search(evaluation.typed_query(doc.title), limit=10, snippets=False).results
        for doc in docs[::4]
    ]
    return [[r.article.pk for r in page] for page in pages], [r.score for p in pages for r in p]


def test_it_writes_only_the_entries_that_changed():
    stored = {1: ("a", "b", 1), 2: ("a", "b", 0), 3: ("a", "b", 1)}
    entries = [(1, "a", "b", 1), (2, "a", "b", 1), (3, "a", "c", 1), (4, "d", "e", 1)]
    # it should update the entries of another version or other terms, insert the missing one
    # and leave the one that is up to date alone
    assert changed_entries(entries, stored) == ([entries[1], entries[2]], [entries[3]])


def test_it_leaves_up_to_date_entries_untouched(indexed):
    before = index_state()
    # it should check every article and write nothing
    assert reindex(batch_size=25) == SearchDocument.objects.count()
    assert index_state() == before


def test_it_rebuilds_missing_and_changed_entries_to_the_same_answers(indexed):
    ranked, scores = answers(indexed)
    assert any(ranked)
    ids = sorted(SearchDocument.objects.values_list("article_id", flat=True))
    SearchDocument.objects.filter(article_id__in=ids[::3]).delete()
    changed = SearchDocument.objects.filter(article_id__in=ids[1::3])
    for document in changed:
        document.title_terms, document.analyzer_version = "قديم", 0
        document.save()
    reindex(batch_size=25, workers=2)
    # it should bring back each entry as the analyzer makes it, and FTS5 in step with them
    for document in SearchDocument.objects.select_related("article"):
        article = document.article
        expected = document_fields(article.title, article.lede, article.body, article.language)
        assert (document.title_terms, document.body_terms) == (
            expected["title_terms"],
            expected["body_terms"],
        )
    assert SearchDocument.objects.count() == len(ids)
    check_fts5_against_its_content()
    # it should answer every query with the same articles, ranked with the same scores
    ranked_after, scores_after = answers(indexed)
    assert ranked_after == ranked
    assert scores_after == pytest.approx(scores, rel=1e-6)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_it_leaves_fts5_alone_when_only_the_analyzer_version_changes(indexed):
    before = index_state()
    SearchDocument.objects.update(analyzer_version=0)
    assert stale_count() == Article.objects.count()
    reindex(only_stale=True)
    # it should bring every entry up to date without rewriting FTS5 (same terms)
    assert stale_count() == 0
    assert set(SearchDocument.objects.values_list("analyzer_version", flat=True)) == {
        ANALYZER_VERSION
    }
    assert index_state() == before
    check_fts5_against_its_content()


def test_the_lede_and_body_give_the_terms_of_the_text_they_make_together():
    # it should analyze the lede and the body apart (the body's terms are reused) and still
    # index exactly the terms of "lede\nbody" read as one text
    from akhbar.search.query import engine_text
    from akhbar.text.analyzer import Analyzer

    fresh = Analyzer()  # no remembered texts
    for doc in evaluation.arabic_docs()[:40] + evaluation.french_docs()[:20]:
        lede, body = doc.body[:300], doc.body[300:]  # cut inside a word, too
        lang = doc.lang or None
        fields = document_fields(doc.title, lede, body, doc.lang)
        assert fields["body_terms"] == engine_text(fresh.analyze(f"{lede}\n{body}", lang))
        assert fields["title_terms"] == engine_text(fresh.analyze(doc.title, lang))
