"""Real headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright."""

import pytest

from tests.support import akhbar, akhbar_env, running_site

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach
# Google's hosts, which this offline machine refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Module scope: Playwright's sync API keeps an event loop running in the main
# thread while it is open, which would break asyncio.run() in later tests.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo site served by ``akhbar run``, with 127.0.0.1 as a trusted proxy."""
    env = akhbar_env(tmp_path_factory.mktemp("site"), AKHBAR_TRUSTED_PROXIES="127.0.0.1")
    assert akhbar("demo", "--no-serve", env=env).returncode == 0
    with running_site(env) as base:
        yield base, env


@pytest.fixture
def page_errors():
    """Console errors and uncaught exceptions seen by the pages of one test."""
    return []


# A 1×1 transparent PNG: what the outlets' image hosts answer in these tests.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def serve_offsite_images(route) -> None:
    """Outlets' images live on hosts the test does not run (newsweb is stopped, the demo
    domains do not resolve): answer every image but our own static files here."""
    request = route.request
    if request.resource_type == "image" and "/static/" not in request.url:
        route.fulfill(status=200, content_type="image/png", body=PIXEL)
    else:
        route.continue_()


def open_page(browser, page_errors, *, javascript=True, headers=None, locale="ar"):
    context = browser.new_context(
        java_script_enabled=javascript, extra_http_headers=headers or {}, locale=locale
    )
    context.route("**/*", serve_offsite_images)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and page_errors.append(m.text))
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    return page
