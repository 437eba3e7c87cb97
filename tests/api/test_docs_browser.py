"""The API's docs page in real Chromium: Swagger UI runs under the site's CSP and lists the
operations read from /api/v1/openapi.json."""

import pytest

from tests.browser.conftest import browser, demo_site, open_page, page_errors  # noqa: F401

pytestmark = pytest.mark.browser


def test_it_shows_the_operations_in_swagger_ui(browser, demo_site, page_errors):  # noqa: F811
    base, _env = demo_site
    page = open_page(browser, page_errors, locale="en")
    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    # it should list the endpoints, read from the schema
    assert "/api/v1/articles" in paths and "/api/v1/search" in paths
    # it should run without a CSP violation or script error
    assert page_errors == []


def test_it_runs_a_request_from_the_docs_page(browser, demo_site, page_errors):  # noqa: F811
    base, _env = demo_site
    page = open_page(browser, page_errors, locale="en")
    page.goto(f"{base}/api/v1/docs#/categories")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    page.locator(".opblock-summary", has_text="/api/v1/categories").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .response-col_description .microlight").first
    body.wait_for(timeout=10_000)
    # it should show the live answer of the API
    assert "politics" in body.inner_text()
    assert page_errors == []
