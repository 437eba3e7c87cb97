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


def test_it_puts_a_report_button_under_the_image(client, dispatch):
    html = client.get(dispatch.get_absolute_url()).content.decode()
    # it should offer the form with its reasons
    assert f'action="/report/image/{dispatch.pk}/"' in html
    assert 'value="shocking"' in html and 'value="unrelated"' in html


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
