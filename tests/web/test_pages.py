"""The reader's pages as the reference site lays them out."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_articles_on_the_home_page_linking_to_their_pages(client, dispatch):
    response = client.get("/")
    # it should answer and show the headline
    assert response.status_code == 200
    assert dispatch.title in response.content.decode()
    # it should link to /<source-slug>/<id>/ as the reference site does
    assert f'href="/wakala/{dispatch.pk}/"' in response.content.decode()


def test_it_renders_the_home_page_right_to_left_in_arabic(client, dispatch):
    html = client.get("/").content.decode()
    # it should default to Arabic, right to left
    assert '<html lang="ar" dir="rtl">' in html


def test_it_shows_the_published_in_line_and_the_source_link(client, dispatch):
    html = client.get(f"/wakala/{dispatch.pk}/").content.decode()
    # it should say where and when, as the reference page does
    assert "نشر في" in html and "يوم" in html
    assert "20 - 11 - 2026" in html
    # it should link back to the original, without leaking the referrer
    assert f'href="{dispatch.url}" rel="noopener noreferrer"' in html
    assert "انقر هنا لقراءة الخبر من مصدره" in html


def test_it_shows_the_lede_and_every_paragraph(client, dispatch):
    html = client.get(f"/wakala/{dispatch.pk}/").content.decode()
    # it should keep the lede apart and the paragraphs as paragraphs
    assert '<p class="lede" dir="auto">أشرف والي الولاية على افتتاح الموسم.</p>' in html
    assert "<p>فقرة أولى.</p>" in html and "<p>فقرة ثانية.</p>" in html


def test_it_answers_404_for_an_article_under_another_source(client, dispatch, daily):
    response = client.get(f"/sada/{dispatch.pk}/")
    # it should not serve an article under a slug that is not its outlet's
    assert response.status_code == 404


def test_it_answers_404_for_a_held_article_a_missing_one_and_an_id_past_the_databases(
    client, dispatch
):
    missing = client.get(f"/wakala/{dispatch.pk + 1}/")
    # it should answer 404 for an id with no article, and for ids too large for the
    # database's integers (rather than failing on them)
    assert missing.status_code == 404
    assert client.get("/wakala/9223372036854775808/").status_code == 404
    assert client.get("/wakala/99999999999999999999999/").status_code == 404
    dispatch.held_reason = "short"
    dispatch.save()
    # and for an article held back by the quality gate
    assert client.get(f"/wakala/{dispatch.pk}/").status_code == 404


def test_it_answers_404_for_an_outlet_that_does_not_exist(client, agency):
    # it should match the slug exactly
    assert client.get("/wakala/").status_code == 200
    assert client.get("/WAKALA/").status_code == 404
    assert client.get("/nosuch/").status_code == 404


def test_it_folds_wire_copies_on_the_home_page(client, dispatch, wire_copy):
    html = client.get("/").content.decode()
    # it should show the original once and not the copy as a separate entry
    assert dispatch.title in html
    assert f'href="/sada/{wire_copy.pk}/"' not in html.split('id="main"')[1]


def test_it_names_the_other_outlets_of_a_wire_story(client, dispatch, wire_copy):
    html = client.get(f"/wakala/{dispatch.pk}/").content.decode()
    # it should list the daily among those that also published it
    assert "صدى اليوم" in html


def test_it_lists_a_sources_articles(client, dispatch):
    html = client.get("/wakala/").content.decode()
    # it should show the outlet's name and its article
    assert "وكالة الأخبار التجريبية" in html and dispatch.title in html


def test_it_hides_a_hidden_image(client, dispatch):
    dispatch.image_state = "hidden"
    dispatch.save()
    html = client.get(f"/wakala/{dispatch.pk}/").content.decode()
    # it should not put the image URL in the page
    assert dispatch.image_url not in html


def test_it_answers_a_friendly_arabic_404(client):
    response = client.get("/no-such-outlet/1/")
    # it should answer 404 with an Arabic page
    assert response.status_code == 404
    assert "الصفحة" in response.content.decode() or "غير موجودة" in response.content.decode()


def test_it_searches_from_the_search_page_with_highlighted_snippets(client, dispatch):
    from akhbar.search.index import index_article

    index_article(dispatch)
    html = client.get("/search/", {"q": "فقرة"}).content.decode()
    # it should list the article with the reader's word marked in the snippet
    assert dispatch.title in html
    assert "<mark>فقرة</mark>" in html


def test_it_offers_the_search_box_on_every_page(client, dispatch):
    # it should put a search form in the header of every page
    for url in ("/", f"/wakala/{dispatch.pk}/", "/wakala/"):
        assert 'action="/search/"' in client.get(url).content.decode()
