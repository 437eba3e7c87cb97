"""Search as readers use it, on the real database backend (SQLite FTS5 or PostgreSQL)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from akhbar.news.models import Article, Category, Source
from akhbar.search.index import index_article, reindex, stale_count
from akhbar.search.models import SearchDocument
from akhbar.search.service import search

pytestmark = pytest.mark.django_db
ALGIERS = ZoneInfo("Africa/Algiers")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ALGIERS)


def publish(source, title, body, *, lang="ar", days_ago=0, category="national", **extra):
    article = Article.objects.create(
        source=source,
        url=f"https://{source.slug}.test/{Article.objects.count() + 1}",
        title=title,
        body=body,
        language=lang,
        published_at=NOW - timedelta(days=days_ago),
        fetched_at=NOW - timedelta(days=days_ago),
        category=Category.objects.get(slug=category),
        **extra,
    )
    index_article(article)
    return article


@pytest.fixture
def archive(agency, daily):
    """A small archive: vocalized text, clitics, a French article, a wire copy, old news."""
    return {
        "vocalized": publish(agency, "زِيارَةُ الوَزِيرِ", "ذَهَبَ مُحَمَّدٌ إِلَى الْمَدْرَسَةِ فِي وِلايَةِ تِيارَت."),
        "clitics": publish(
            daily, "والي ولاية وهران يدشن مستشفى", "دشن والي الولاية بالمدينة مستشفى جديدا للأطفال."
        ),
        "french": publish(
            agency,
            "Le président Tebboune à Oran",
            "Le président a inauguré l'hôpital d'Oran.",
            lang="fr",
            category="politics",
        ),
        "team": publish(
            daily,
            "المنتخب الوطني يفوز",
            "فاز المنتخب الوطني لكرة القدم في مباراة ودية.",
            category="sports",
        ),
        "elections": publish(
            agency, "الانتخابات المحلية", "تجرى الانتخابات المحلية في موعدها.", category="politics"
        ),
        "old": publish(agency, "مستشفى قديم", "مستشفى للأطفال افتتح منذ زمن.", days_ago=900),
    }


def titles(page) -> list[str]:
    return [result.article.title for result in page.results]


def test_it_finds_unvocalized_query_in_vocalized_text(archive):
    # it should match محمد and المدرسة although the text carries tashkeel
    assert titles(search("محمد المدرسة")) == ["زِيارَةُ الوَزِيرِ"]


def test_it_finds_words_typed_without_hamza_or_with_alef_maqsura_as_ya(archive):
    # it should fold إلى/الى/الي and the hamza forms
    assert titles(search("الي المدرسه")) == ["زِيارَةُ الوَزِيرِ"]


def test_it_matches_words_with_and_without_clitics(archive):
    # it should find بالمدينة from مدينة and الولاية from ولاية
    assert "والي ولاية وهران يدشن مستشفى" in titles(search("مدينة ولاية"))


def test_it_keeps_words_whose_first_letter_is_part_of_the_root(archive):
    # it should not turn والي into ال nor ولاية into لاية: a query for والي finds the governor
    assert titles(search("والي")) == ["والي ولاية وهران يدشن مستشفى"]


def test_it_requires_every_word_by_default(archive):
    page = search("مستشفى الأطفال وهران")
    # it should return only the article with all the words as a full match
    assert [r.article.title for r in page.results if not r.partial] == [
        "والي ولاية وهران يدشن مستشفى"
    ]
    assert page.total == 1


def test_it_completes_a_short_page_with_partial_matches_after_the_full_ones(archive):
    page = search("مستشفى الأطفال وهران", aliases=None)
    # it should put the article holding only some of the words after, marked partial
    assert titles(page) == ["والي ولاية وهران يدشن مستشفى", "مستشفى قديم"]
    assert [r.partial for r in page.results] == [False, True]
    # it should leave them out when asked for strict matches only
    assert titles(search("مستشفى الأطفال وهران", relax=False)) == ["والي ولاية وهران يدشن مستشفى"]


def test_it_does_not_merge_team_and_elections(archive):
    # it should keep منتخب and انتخابات apart
    assert titles(search("المنتخب")) == ["المنتخب الوطني يفوز"]
    assert titles(search("الانتخابات")) == ["الانتخابات المحلية"]


def test_it_supports_or_phrases_and_exclusions(archive):
    # it should match either side of OR
    assert len(search("وهران OR الانتخابات", aliases=None).results) == 2
    # it should match an exact phrase only in order
    assert titles(search('"مستشفى جديدا"')) == ["والي ولاية وهران يدشن مستشفى"]
    assert titles(search('"جديدا مستشفى"')) == []
    # it should drop articles with an excluded word
    assert titles(search("مستشفى -وهران")) == ["مستشفى قديم"]


def test_it_filters_by_source_category_language_and_date(archive):
    # it should keep only the named source, category, language or dates
    assert titles(search("مستشفى source:sada")) == ["والي ولاية وهران يدشن مستشفى"]
    assert titles(search("président lang:fr category:politics")) == ["Le président Tebboune à Oran"]
    assert titles(search("مستشفى before:2025-01-01")) == ["مستشفى قديم"]
    assert titles(search("مستشفى date:2026-11-20")) == ["والي ولاية وهران يدشن مستشفى"]


def test_it_ranks_recent_news_first_among_similar_matches(archive):
    # it should put this year's hospital before the one of 900 days ago
    assert titles(search("مستشفى للأطفال"))[0] == "والي ولاية وهران يدشن مستشفى"
    # it should sort by date when asked
    assert titles(search("مستشفى", sort="newest"))[-1] == "مستشفى قديم"


def test_it_folds_wire_copies_into_one_result(dispatch, wire_copy):
    index_article(dispatch)
    index_article(wire_copy)
    page = search("الموسم الفلاحي")
    # it should show the original once, with one other outlet
    assert [r.article.pk for r in page.results] == [dispatch.pk]
    assert page.results[0].other_outlets == 1
    # it should count both articles in the source facet
    assert dict(page.facets["source"]) == {"wakala": 1, "sada": 1}


def test_it_counts_facets_by_source_category_and_day(archive):
    page = search("مستشفى")
    # it should count the matches per facet value
    assert dict(page.facets["category"]) == {"national": 2}
    assert sorted(dict(page.facets["day"]).values()) == [1, 1]


def test_it_highlights_the_readers_words_in_the_original_text(archive):
    page = search("المدرسة")
    # it should mark the vocalized word as written, not the analyzed term
    assert "<mark>الْمَدْرَسَةِ</mark>" in str(page.results[0].snippet)


def test_a_snippet_cut_again_follows_an_edit_of_the_article(archive):
    first = str(search("مستشفى").results[0].snippet)
    assert str(search("مستشفى").results[0].snippet) == first  # cut once, the same bytes
    article = archive["clitics"]
    article.body = "افتتح مستشفى جديد في وهران بعد سنوات من الانتظار."
    article.save()
    index_article(article)
    again = {r.article.pk: str(r.snippet) for r in search("مستشفى").results}
    # it should cut the edited text, not give the snippet of the text it replaced
    assert again[article.pk] == "افتتح <mark>مستشفى</mark> جديد في وهران بعد سنوات من الانتظار."
    assert "<mark>مستشفى</mark>" in str(search("مستشفى OR والي").results[0].snippet)


def test_it_escapes_html_in_snippets(agency):
    publish(agency, "عنوان", "نص فيه <script>alert(1)</script> مستشفى")
    snippet = str(search("مستشفى").results[0].snippet)
    # it should never pass markup from the article through
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_it_treats_fts_syntax_typed_by_readers_as_words(archive):
    # it should not fail on quotes, stars, parentheses or NEAR
    for query in ['"', "مستشفى*", "(مستشفى", "NEAR(a b)", "AND", "-", "title:x"]:
        search(query)


def test_it_returns_nothing_for_stop_words_alone(archive):
    # it should answer an empty page, not every article
    assert search("في من على").results == []


def test_it_reindexes_after_an_analyzer_change(archive):
    SearchDocument.objects.update(analyzer_version=0)
    # it should see every entry as stale
    assert stale_count() == Article.objects.count()
    reindex(only_stale=True)
    # it should bring every entry up to date and keep search working
    assert stale_count() == 0
    assert titles(search("المنتخب")) == ["المنتخب الوطني يفوز"]


def test_it_removes_the_index_entry_with_its_article(archive):
    archive["team"].delete()
    # it should no longer find a deleted article
    assert titles(search("المنتخب")) == []


def test_it_answers_search_from_the_command_line(archive, capsys):
    call_command("search", "المنتخب", "--json")
    out = capsys.readouterr().out
    # it should print the result as JSON
    assert '"title": "المنتخب الوطني يفوز"' in out


def test_it_answers_a_batch_of_queries_one_json_line_each(archive, tmp_path, capsys):
    queries = tmp_path / "queries.txt"
    queries.write_text("المنتخب\nالانتخابات\n", encoding="utf-8")
    call_command("search", "--batch", str(queries), "--limit", "5")
    lines = capsys.readouterr().out.strip().splitlines()
    # it should answer each query on its own line
    assert len(lines) == 2 and '"query": "المنتخب"' in lines[0]


def test_it_leaves_held_articles_out_of_results(agency):
    publish(agency, "مقال محجوز", "نص قصير", held_reason="body too short")
    # it should never show an article the quality gate held back
    assert search("محجوز").results == []


def test_source_slugs_are_not_searched_as_text(agency):
    Source.objects.filter(pk=agency.pk).update(slug="wakala")
    # it should not fail on a filter for an unknown source
    assert search("مستشفى source:nowhere").results == []


def test_it_counts_facet_days_in_utc_however_the_database_hands_datetimes_over():
    from akhbar.search.backends.base import _days

    algiers = ZoneInfo("Africa/Algiers")
    stored = [
        "2026-11-29 23:30:00.000000",  # SQLite text, in UTC
        "2026-11-30 00:30:00+01:00",  # text with an offset: 23:30 UTC the day before
        "2026-11-29 23:30:00-02:00",  # 01:30 UTC the next day
        "2026-11-29T23:30:00Z",
        datetime(2026, 11, 29, 23, 45),  # naive, as Django's SQLite backend reads it: UTC
        datetime(2026, 11, 30, 0, 15, tzinfo=algiers),  # aware: 23:15 UTC the day before
        datetime(2026, 11, 30, 1, 15, tzinfo=algiers),
        None,
    ]
    # it should count each under its UTC day, written the same way
    assert _days(stored) == {"2026-11-29": 5, "2026-11-30": 2}


def test_facet_days_of_a_sample_all_in_text_count_as_each_value_alone_would():
    from akhbar.search.backends.base import _days

    utc = ["2026-11-29 23:30:00.000000", "2026-11-29 08:00:00", "2026-11-30 00:10:00.5"]
    # it should count plain UTC text by its first ten characters
    assert _days(utc) == {"2026-11-29": 2, "2026-11-30": 1}
    # and one value with an offset among them should still be read with its offset
    assert _days([*utc, "2026-11-30 00:30:00+01:00", "2026-11-29 23:30:00-02:00"]) == {
        "2026-11-29": 3,
        "2026-11-30": 2,
    }
