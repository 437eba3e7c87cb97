"""Every page type in a real browser: it renders, reads right to left, passes axe-core."""

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.conftest import PIXEL, serve_offsite_images
from tests.support import ROOT, query

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def paths(env) -> dict[str, str]:
    """One address per page type, read from the demo's database."""

    def first(sql: str) -> tuple:
        return query(env, sql)[0]

    join = "FROM news_article a JOIN news_source s ON s.id = a.source_id WHERE a.held_reason = ''"
    ar_slug, ar_id = first(f"SELECT s.slug, a.id {join} AND a.language = 'ar' ORDER BY a.id")
    fr_slug, fr_id = first(f"SELECT s.slug, a.id {join} AND a.language = 'fr' ORDER BY a.id")
    (author,) = first(f"SELECT a.author {join} AND a.author <> '' ORDER BY a.id")
    (day,) = first(f"SELECT a.published_at {join} AND a.published_at IS NOT NULL ORDER BY a.id")
    (pictured,) = first(f"SELECT a.id {join} AND a.image_url <> '' ORDER BY a.id")
    (story,) = first("SELECT story_id FROM news_article WHERE story_id IS NOT NULL ORDER BY id")
    (category,) = first(
        "SELECT c.slug FROM news_category c JOIN news_article a ON a.category_id = c.id "
        "ORDER BY a.id"
    )
    year, month, date = str(day)[:10].split("-")
    return {
        "home": "/",
        "article": f"/{ar_slug}/{ar_id}/",
        "article-fr": f"/{fr_slug}/{fr_id}/",
        "source": f"/{ar_slug}/",
        "category": f"/category/{category}/",
        "story": f"/story/{story}/",
        "search": "/search/?q=" + quote("الجزائر"),
        "archive": f"/archive/{int(year)}/{int(month)}/{int(date)}/",
        "author": f"/author/{quote(author)}/",
        "not-found": "/no-such-outlet/1/",
        "report": f"/report/image/{pictured}/?reason=other",
        "language": "/language/?language=fr&next=/",
    }


def open_page(browser, page_errors, *, javascript=True, bypass_csp=False):
    """A page in Arabic whose outlets' images all answer with a pixel (the demo's image host,
    newsweb on 127.0.0.1, is gone once the demo crawl is over). ``bypass_csp`` lets axe-core
    be injected: our own CSP rightly refuses inline scripts."""
    context = browser.new_context(
        java_script_enabled=javascript, locale="ar", bypass_csp=bypass_csp
    )

    def images(route):
        if route.request.resource_type == "image" and "/static/" not in route.request.url:
            route.fulfill(status=200, content_type="image/png", body=PIXEL)
        else:
            serve_offsite_images(route)

    context.route("**/*", images)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and page_errors.append(m.text))
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    return page


@pytest.fixture(scope="module")
def site_paths(demo_site):
    base, env = demo_site
    return base, paths(env)


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "article",
        "source",
        "category",
        "story",
        "search",
        "archive",
        "author",
        "report",
        "language",
    ],
)
def test_it_renders_each_page_type_without_console_errors(browser, site_paths, page_errors, name):
    base, where = site_paths
    page = open_page(browser, page_errors)
    response = page.goto(base + where[name])
    # it should answer 200, in Arabic, right to left, with one main heading
    assert response.status == 200
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("main h1").count() == 1 and page.locator("main h1").is_visible()
    # it should raise no console error (the CSP blocks nothing we ship)
    assert page_errors == []


def test_it_answers_the_friendly_arabic_404(browser, site_paths, page_errors):
    base, where = site_paths
    page = open_page(browser, page_errors)
    response = page.goto(base + where["not-found"])
    # it should answer 404 with the Arabic page and a way home
    assert response.status == 404
    assert page.locator("main h1").inner_text() == "الصفحة غير موجودة"


TEXT_BOX = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect(), box = element.getBoundingClientRect();
  return {textLeft: text.left, textRight: text.right, left: box.left, right: box.right,
          direction: getComputedStyle(element).direction};
}"""


def test_it_lays_an_arabic_title_out_right_to_left(browser, site_paths, page_errors):
    base, where = site_paths
    page = open_page(browser, page_errors)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + where["article"])
    box = page.locator("article h1").evaluate(TEXT_BOX)
    # it should set the title right to left, flush with the right edge of its box
    assert box["direction"] == "rtl"
    assert abs(box["textRight"] - box["right"]) < 2
    # it should put the headline's box on the right of the page's content column
    main = page.locator("main").bounding_box()
    assert box["right"] > main["x"] + main["width"] / 2


def test_it_keeps_a_french_title_left_to_right_in_an_arabic_page(browser, site_paths, page_errors):
    base, where = site_paths
    page = open_page(browser, page_errors)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + where["article-fr"])
    # it should keep the page right to left and mark the article French
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("article").get_attribute("lang") == "fr"
    box = page.locator("article h1").evaluate(TEXT_BOX)
    # it should resolve dir=auto to left to right: the title starts at the left edge
    assert page.locator("article h1").get_attribute("dir") == "auto"
    assert box["direction"] == "ltr"
    assert abs(box["textLeft"] - box["left"]) < 2


def test_it_searches_from_the_box_on_every_page(browser, site_paths, page_errors):
    base, where = site_paths
    page = open_page(browser, page_errors)
    page.goto(base + where["source"])
    box = page.get_by_role("searchbox", name="ابحث في الأخبار").first
    box.fill("الجزائر")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    # it should show results with highlighted snippets
    assert page.locator("ol.results > li").count() > 0
    assert page.locator(".snippet mark").count() > 0
    assert page_errors == []


@pytest.mark.parametrize("javascript", [True, False])
def test_it_switches_the_interface_language(browser, site_paths, page_errors, javascript):
    base, where = site_paths
    page = open_page(browser, page_errors, javascript=javascript)
    page.goto(base + where["source"])
    page.locator("#language-select").select_option("fr")
    with page.expect_navigation():
        page.locator("form.language button").click()
    if not javascript:
        # it should ask once more on the language page, which holds the reader's CSRF token
        assert page.locator("form.language-choice input[value=fr]").is_checked()
        with page.expect_navigation():
            page.locator("form.language-choice button").click()
    # it should come back to the same page, in French, left to right
    assert page.url == base + where["source"]
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"


@pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run scripts/install-axe.sh")
@pytest.mark.parametrize(
    "name",
    [
        "home",
        "article",
        "article-fr",
        "source",
        "category",
        "story",
        "search",
        "archive",
        "report",
        "language",
    ],
)
def test_it_has_no_serious_accessibility_violation(browser, site_paths, page_errors, name):
    base, where = site_paths
    page = open_page(browser, page_errors, bypass_csp=True)
    page.goto(base + where[name])
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document);
          const serious = result.violations.filter(v => ['serious', 'critical'].includes(v.impact));
          return {passes: result.passes.length, serious: serious.map(
            v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))};
        }"""
    )
    # it should have run axe's rules on the page
    assert found["passes"] > 10
    # it should find no serious or critical violation
    assert found["serious"] == []


def test_it_keeps_the_screenshots_small(site_paths):
    shots = sorted((Path(ROOT) / "docs" / "screenshots").glob("*.png"))
    # it should keep each committed screenshot under 300 KB
    assert all(shot.stat().st_size < 300_000 for shot in shots)
