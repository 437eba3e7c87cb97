"""The interface in three languages: switcher, direction, digits, plurals, per-article lang."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_switches_the_interface_language_without_javascript(dispatch):
    from django.test import Client

    reader = Client(enforce_csrf_checks=True)
    html = reader.get("/").content.decode()
    # it should offer the switcher on the shared page without a token: a GET to the language
    # page, naming Django's set_language for the script
    assert 'action="/language/" method="get" data-post="/i18n/setlang/"' in html
    assert 'name="csrfmiddlewaretoken"' not in html
    page = reader.get("/language/", {"language": "fr", "next": "/wakala/"})
    # it should answer with a page of the reader's own: never cached, holding a token
    assert "no-store" in page["Cache-Control"]
    assert 'value="fr" checked' in page.content.decode()
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = reader.post(
        "/i18n/setlang/", {"language": "fr", "next": "/wakala/", "csrfmiddlewaretoken": token}
    )
    # it should go back to the page the reader came from
    assert response.status_code == 302 and response["Location"] == "/wakala/"
    html = reader.get("/wakala/").content.decode()
    # it should render French, left to right, with the outlet's French name
    assert '<html lang="fr" dir="ltr">' in html and "Agence de démonstration" in html


def test_it_switches_the_interface_language_with_the_token_the_script_fetches(dispatch):
    from django.test import Client

    reader = Client(enforce_csrf_checks=True)
    token = reader.get("/csrf/").json()["token"]
    response = reader.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    # it should accept the fetched token and switch to English
    assert response.status_code == 302
    assert '<html lang="en" dir="ltr">' in reader.get("/").content.decode()


def test_it_keeps_a_french_title_left_to_right_inside_an_arabic_page(client, agency):
    from django.utils import timezone

    from akhbar.news.models import Article

    item = Article.objects.create(
        source=agency,
        url="https://wakala.test/fr/1",
        title="Ouverture de la saison agricole",
        language="fr",
        fetched_at=timezone.now(),
        published_at=timezone.now(),
    )
    html = client.get(item.get_absolute_url()).content.decode()
    # it should mark the article's language and let the browser pick the direction
    assert '<article class="article" lang="fr">' in html
    assert '<h1 dir="auto">Ouverture de la saison agricole</h1>' in html


def test_it_writes_arabic_indic_digits_when_set(client, settings, dispatch, wire_copy):
    settings.AKHBAR_ARABIC_DIGITS = True
    html = client.get("/archive/2026/11/").content.decode()
    # it should write the dates and counts with Arabic-Indic digits
    assert "٢٠ - ١١ - ٢٠٢٦" in html
    settings.AKHBAR_ARABIC_DIGITS = False
    html = client.get("/archive/2026/11/").content.decode()
    # it should keep Western digits by default
    assert "20 - 11 - 2026" in html


def test_it_uses_the_arabic_plural_forms(client, dispatch, wire_copy):
    html = client.get("/archive/2026/11/").content.decode()
    # it should use the dual for two articles, as Arabic does
    assert "مقالان" in html


def test_it_escapes_article_text_everywhere(client, dispatch):
    dispatch.title = '<img src=x onerror="alert(1)">'
    dispatch.author = "<b>كاتب</b>"
    dispatch.save()
    for url in ("/", f"/wakala/{dispatch.pk}/", "/wakala/", "/archive/2026/11/20/"):
        html = client.get(url).content.decode()
        # it should never let an outlet's text become markup
        assert '<img src=x onerror="alert(1)">' not in html, url
        assert "<b>كاتب</b>" not in html, url
