"""The image report flow in a real browser, with and without JavaScript."""

import pytest

from tests.browser.conftest import open_page
from tests.support import query

pytestmark = pytest.mark.browser
THANKS = "شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص."


def articles_with_images(env) -> list[str]:
    rows = query(
        env,
        "SELECT s.slug, a.id FROM news_article a JOIN news_source s ON s.id = a.source_id "
        "WHERE a.image_url <> '' ORDER BY a.id",
    )
    return [f"/{slug}/{pk}/" for slug, pk in rows]


def report(page) -> None:
    page.get_by_text("الإبلاغ عن هذه الصورة").click()
    page.get_by_label("صورة صادمة أو عنيفة").check()
    page.get_by_role("button", name="إبلاغ", exact=True).click()


def test_it_reports_inline_with_javascript(browser, demo_site, page_errors):
    base, env = demo_site
    page = open_page(browser, page_errors, headers={"X-Forwarded-For": "198.18.1.1"})
    path = articles_with_images(env)[0]
    page.goto(base + path)
    report(page)
    # it should show the exact thank-you message in place, without leaving the page
    page.locator(".thanks").wait_for()
    assert page.locator(".thanks").inner_text() == THANKS
    assert page.url == base + path
    # it should raise no console error
    assert page_errors == []


def test_it_reports_through_a_confirmation_page_without_javascript(browser, demo_site, page_errors):
    base, env = demo_site
    page = open_page(
        browser, page_errors, javascript=False, headers={"X-Forwarded-For": "198.18.2.1"}
    )
    path = articles_with_images(env)[1]
    page.goto(base + path)
    report(page)
    # it should lead to the report's own page, with the reader's reason already chosen
    assert page.url.startswith(base + "/report/image/")
    assert page.get_by_label("صورة صادمة أو عنيفة").is_checked()
    page.get_by_role("button", name="إبلاغ", exact=True).click()
    # it should come back to the article with the thank-you message
    assert page.locator(".thanks").inner_text() == THANKS
    assert page.url.startswith(base + path) and "reported=image" in page.url


def test_it_serves_the_article_page_the_same_to_every_reader(browser, demo_site, page_errors):
    base, env = demo_site
    path = articles_with_images(env)[3]
    bodies, cookies = [], []
    for reader in range(2):
        page = open_page(browser, page_errors, headers={"X-Forwarded-For": f"198.18.3{reader}.1"})
        response = page.goto(base + path)
        bodies.append(response.body())
        cookies.append(response.all_headers().get("set-cookie"))
        # it should let a front proxy keep the page
        assert response.all_headers()["cache-control"].startswith("public,")
        page.context.close()
    # it should give both readers the same bytes, with no cookie and no CSRF token
    assert bodies[0] == bodies[1] and b"csrfmiddlewaretoken" not in bodies[0]
    assert cookies == [None, None]


def test_it_hides_the_image_after_three_readers(browser, demo_site, page_errors):
    base, env = demo_site
    path = articles_with_images(env)[2]
    for reader in range(3):
        page = open_page(
            browser, page_errors, headers={"X-Forwarded-For": f"198.18.{10 + reader}.1"}
        )
        page.goto(base + path)
        report(page)
        page.locator(".thanks").wait_for()
        page.context.close()
    page = open_page(browser, page_errors)
    page.goto(base + path)
    # it should show the neutral placeholder instead of the image
    assert page.locator(".image-hidden").is_visible()
    assert page.locator("figure.image img").count() == 0


ARTICLE_THANKS = "شكرا! سيطلع مشرف على هذا الخبر."


def test_it_posts_an_article_report_with_its_comment_with_javascript(
    browser, demo_site, page_errors
):
    base, env = demo_site
    page = open_page(browser, page_errors, headers={"X-Forwarded-For": "198.18.5.1"})
    path = articles_with_images(env)[4]
    page.goto(base + path)
    page.get_by_text("الإبلاغ عن مشكلة في هذا الخبر").click()
    page.get_by_label("تاريخ خاطئ").check()
    # it should show the comment box, which only the script sends, and post the comment
    page.get_by_label("تعليق (اختياري)").fill("التاريخ لا يطابق المصدر")
    page.get_by_role("button", name="إرسال", exact=True).click()
    page.locator(".report-article .thanks").wait_for()
    assert page.locator(".report-article .thanks").inner_text() == ARTICLE_THANKS
    article_id = path.strip("/").split("/")[-1]
    rows = query(
        env, f"SELECT reason, comment FROM moderation_articlereport WHERE article_id = {article_id}"
    )
    assert rows == [("wrong_date", "التاريخ لا يطابق المصدر")]
    assert page_errors == []


def test_it_keeps_the_comment_out_of_urls_without_javascript(browser, demo_site, page_errors):
    base, env = demo_site
    page = open_page(
        browser, page_errors, javascript=False, headers={"X-Forwarded-For": "198.18.6.1"}
    )
    path = articles_with_images(env)[5]
    page.goto(base + path)
    page.get_by_text("الإبلاغ عن مشكلة في هذا الخبر").click()
    # it should not offer the comment box on the shared page (its GET would carry it) ...
    assert not page.locator("#report-comment").is_visible()
    page.get_by_label("تاريخ خاطئ").check()
    page.get_by_role("button", name="إرسال", exact=True).click()
    # ... but on the report's own page, which posts it
    assert page.url.startswith(base + "/report/article/") and "comment" not in page.url
    page.get_by_label("تعليق (اختياري)").fill("تعليق بلا جافاسكريبت")
    page.get_by_role("button", name="إرسال", exact=True).click()
    assert page.locator(".thanks").inner_text() == ARTICLE_THANKS
