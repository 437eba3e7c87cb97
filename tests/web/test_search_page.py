"""The search page says when its count is an estimate and which results hold only some words."""

import re
from html import escape

import pytest

from akhbar.search.backends import base

pytestmark = pytest.mark.django_db


def count_line(html: str) -> str:
    return html.split('<p class="count">')[1].split("</p>")[0]


def test_it_shows_an_exact_count_as_such(client, harvest):
    html = client.get("/search/", {"q": "الحصاد"}).content.decode()
    # it should count the six articles exactly, without "≈"
    assert "≈" not in count_line(html)
    assert "6" in count_line(html) or "٦" in count_line(html)


def test_it_marks_an_estimated_count_with_approximately(client, harvest, monkeypatch):
    monkeypatch.setattr(base, "SAMPLE_CAP", 2)  # count only the two newest matches exactly
    html = client.get("/search/", {"q": "الحصاد"}).content.decode()
    # it should put "≈" before an extrapolated total, and before its facet counts
    assert count_line(html).startswith("≈ ")
    assert "(≈ " in html.split('class="facets"')[1]


def test_it_words_the_estimate_as_a_translatable_plural(client, harvest, monkeypatch):
    monkeypatch.setattr(base, "SAMPLE_CAP", 2)
    html = client.get("/search/", {"q": "الحصاد"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # it should word it "≈ N results", its own message with its plural forms
    assert re.fullmatch(r"≈ \d+ results", count_line(html))


def test_it_labels_results_holding_only_some_of_the_words(client, harvest):
    html = client.get("/search/", {"q": "الحصاد الأمطار"}).content.decode()
    results = html.split('<ol class="results">')[1].split("</ol>")[0]
    items = results.split("<li")[1:]
    # it should list the strict match first, unlabelled, then the partial ones, labelled
    assert "والأمطار" in items[0] and "partial" not in items[0]
    assert len(items) == 6
    assert all('class="partial"' in item and "partial-label" in item for item in items[1:])


def test_it_says_when_no_article_holds_every_word(client, harvest):
    html = client.get("/search/", {"q": "الحصاد زلزال"}).content.decode()
    # it should show the partial results under a notice that none holds every word
    assert '<p class="notice">' in html
    assert html.count("partial-label") == 6


def facets_of(html: str) -> str:
    return html.split('class="facets"')[1].split("</aside>")[0]


def test_it_names_the_facets_as_readers_know_them(client, harvest):
    arabic = facets_of(client.get("/search/", {"q": "الحصاد"}).content.decode())
    french = facets_of(
        client.get("/search/", {"q": "الحصاد"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )
    # it should show the outlet's name in the interface's language, and filter by its slug
    assert ">وكالة الأخبار التجريبية</a>" in arabic and "source:wakala" in arabic
    assert ">Agence de démonstration</a>" in french
    assert ">wakala</a>" not in arabic


def test_it_reads_the_categories_once_for_the_menu_and_the_facets(client, harvest):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = client.get("/search/", {"q": "الحصاد"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    menu = [q["sql"] for q in captured.captured_queries if "ORDER BY position" in q["sql"]]
    # it should name the category facets and the menu from one read of the categories
    assert len(menu) == 1
    assert 'class="facets"' in html and "?q=" in html.split('class="facets"')[1]


def test_its_form_holds_each_readers_query_and_sort(client, harvest):
    for q, sort in (("الحصاد", "newest"), ('"a" <b>', "relevance"), ("الأمطار", "newest")):
        html = client.get("/search/", {"q": q, "sort": sort}).content.decode()
        form = html.split('<form class="search-form"')[1].split("</form>")[0]
        # it should write this reader's query, escaped, and select this sort (the form's
        # fixed parts are rendered once per language)
        assert f'name="q" value="{escape(q)}"' in form
        assert f'<option value="{sort}" selected>' in form
        assert form.count(" selected>") == 1
