"""The report forms as a reader's browser posts them, without JavaScript and with it."""

import pytest
from django.core.cache import cache
from django.test import Client

from akhbar.moderation.models import ArticleReport, ImageReport

pytestmark = pytest.mark.django_db
THANKS = "شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def token_of(html: str) -> str:
    return html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_it_puts_a_report_button_under_the_image(client, dispatch):
    html = client.get(dispatch.get_absolute_url()).content.decode()
    # it should offer the form with its reasons
    assert f'action="/report/image/{dispatch.pk}/"' in html
    assert 'value="shocking"' in html and 'value="unrelated"' in html


def test_it_confirms_a_report_on_a_page_of_its_own_without_javascript(dispatch):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(f"/report/image/{dispatch.pk}/", {"reason": "unrelated"})
    html = page.content.decode()
    # it should show the reader's choice again, on a page never cached, with a token
    assert page.status_code == 200 and 'value="unrelated" checked' in html
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    # it should not count a report for merely opening the page
    assert not ImageReport.objects.exists()
    response = reader.post(
        f"/report/image/{dispatch.pk}/",
        {"reason": "unrelated", "csrfmiddlewaretoken": token_of(html)},
        follow=True,
    )
    # it should count the confirmed report and come back to the article with the thanks
    assert ImageReport.objects.get().reason == "unrelated"
    assert THANKS in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?reported=image#image")


def test_it_confirms_an_article_report_with_the_readers_words(dispatch):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(
        f"/report/article/{dispatch.pk}/", {"reason": "wrong_date", "comment": "التاريخ خطأ"}
    )
    html = page.content.decode()
    # it should keep the reason chosen on the article page, and ask for the comment here
    # (never echo one from a URL: a comment in a query string ends in logs and history)
    assert 'value="wrong_date" checked' in html and 'name="comment"' in html
    assert "التاريخ خطأ" not in html
    reader.post(
        f"/report/article/{dispatch.pk}/",
        {"reason": "wrong_date", "comment": "التاريخ خطأ", "csrfmiddlewaretoken": token_of(html)},
    )
    # it should queue the report once confirmed
    assert ArticleReport.objects.get().comment == "التاريخ خطأ"


def test_it_accepts_a_report_with_the_token_the_script_fetches(dispatch):
    reader = Client(enforce_csrf_checks=True)
    answer = reader.get("/csrf/")
    # it should hand the token out uncached, to this reader only
    assert "no-store" in answer["Cache-Control"] and "csrftoken" in answer.cookies
    response = reader.post(
        f"/report/image/{dispatch.pk}/",
        {"reason": "shocking"},
        headers={"Accept": "application/json", "X-CSRFToken": answer.json()["token"]},
    )
    # it should count the report and answer the thanks as JSON
    assert response.json()["message"] == THANKS
    assert ImageReport.objects.get().reason == "shocking"


def test_it_thanks_the_reader_after_a_plain_form_post(client, dispatch):
    response = client.post(f"/report/image/{dispatch.pk}/", {"reason": "shocking"}, follow=True)
    # it should come back to the article with the exact thank-you message
    assert THANKS in response.content.decode()
    # it should give the reader a signed first-party cookie
    assert "akhbar_reporter" in response.client.cookies


def test_it_answers_json_to_the_inline_script(client, dispatch):
    response = client.post(
        f"/report/image/{dispatch.pk}/", {"reason": ""}, headers={"Accept": "application/json"}
    )
    # it should answer the same message as JSON
    assert response.json()["message"] == THANKS


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Merci pour le signalement"), ("en", "Thanks for reporting!")],
)
def test_it_thanks_in_the_readers_language(client, dispatch, language, expected):
    response = client.post(
        f"/report/image/{dispatch.pk}/",
        headers={"Accept": "application/json", "Accept-Language": language},
    )
    # it should translate the message in the French and English interfaces
    assert response.json()["message"].startswith(expected)


def test_it_refuses_a_post_without_csrf_token(dispatch):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(f"/report/image/{dispatch.pk}/", {"reason": "shocking"})
    # it should refuse a forged cross-site post
    assert response.status_code == 403 and not ImageReport.objects.exists()


def test_it_rate_limits_one_reader_with_retry_after(client, dispatch, settings):
    settings.AKHBAR_REPORT_LIMIT_REPORTER = 5
    codes = [client.post(f"/report/image/{dispatch.pk}/").status_code for _ in range(8)]
    # it should answer 429 past the limit, with a Retry-After
    assert codes[:5] == [302] * 5 and codes[5:] == [429] * 3
    response = client.post(f"/report/image/{dispatch.pk}/")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_it_queues_an_article_report_without_hiding_anything(client, dispatch):
    response = client.post(f"/report/article/{dispatch.pk}/", {"reason": "wrong_date"}, follow=True)
    # it should thank the reader and queue the report
    assert "سيطلع مشرف" in response.content.decode() or response.status_code == 200
    assert ArticleReport.objects.get().reason == "wrong_date"
    dispatch.refresh_from_db()
    # it should not touch the article or its image
    assert dispatch.image_state == "shown"


def test_it_shows_a_placeholder_instead_of_a_hidden_image(client, dispatch):
    dispatch.image_state = "hidden"
    dispatch.save()
    html = client.get(dispatch.get_absolute_url()).content.decode()
    # it should show a neutral placeholder and no image URL
    assert "image-hidden" in html and dispatch.image_url not in html


def test_it_sends_a_content_security_policy_without_inline_scripts(client, dispatch):
    response = client.get(dispatch.get_absolute_url())
    # it should allow scripts from our own origin only
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_it_counts_the_seconds_to_wait_in_the_readers_digits(client, dispatch, settings):
    settings.AKHBAR_REPORT_LIMIT_REPORTER = 1
    settings.AKHBAR_ARABIC_DIGITS = True
    json = {"Accept": "application/json"}
    client.post(f"/report/image/{dispatch.pk}/", headers=json)
    message = client.post(f"/report/image/{dispatch.pk}/", headers=json).json()["message"]
    # it should write the seconds with Arabic-Indic digits, as the pages do
    assert any("٠" <= c <= "٩" for c in message) and not any(
        c.isascii() and c.isdigit() for c in message
    )


def test_it_keeps_the_comment_out_of_the_article_pages_get_form(client, dispatch):
    html = client.get(dispatch.get_absolute_url()).content.decode()
    form = html.split('class="report-article"')[1].split("</form>")[0]
    # it should give the comment box no name (the GET would put it in the URL) and leave it
    # hidden until report.js, which posts it, shows it
    assert 'id="report-comment" data-field="comment"' in form and 'name="comment"' not in form
    assert "data-comment hidden" in form
