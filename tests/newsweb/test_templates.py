"""Article pages: six templates, gold text inside, boilerplate around it."""

import re

import pytest

from akhbar.newsweb.blocks import REPORT_NOTICE
from akhbar.newsweb.outlets import TEMPLATES

from .conftest import live, page_text


def fetch_page(web, client, template, lang="ar"):
    entry = live(web, template=template, languages=(lang,))[0]
    outlet = web.outlet(entry["outlet"])
    return entry, page_text(client.get(entry["url"]), outlet.encoding)


@pytest.mark.parametrize("template", TEMPLATES)
def test_it_renders_every_template_with_the_gold_body(web, client, template):
    entry, text = fetch_page(web, client, template)
    # it should show the gold title and every gold body paragraph
    assert entry["title"] in text
    for paragraph in entry["paragraphs"]:
        assert paragraph in text


def test_it_puts_the_lede_where_each_template_keeps_it(web, client):
    patterns = {
        "sahel": r'<h2 class="subtitle">{}</h2>',
        "atlas": r"<p><strong>{}</strong></p>",
        "wire": r'<meta name="description" content="{}">',
        "levant": r'<p class="lead">{}</p>',
        "gulf": r"<h2>{}</h2>",
        "nile": r'<div class="brief"><b>{}</b></div>',
    }
    for template, pattern in patterns.items():
        entry, text = fetch_page(web, client, template)
        # it should place the lede as this template does
        assert pattern.format(entry["lede"]) in text.replace("&quot;", '"'), template


def test_it_puts_the_body_in_article_on_some_templates_and_in_divs_only_on_others(web, client):
    for template in TEMPLATES:
        _, text = fetch_page(web, client, template)
        # it should use <article> on sahel, wire and gulf, nested divs only elsewhere
        assert ("<article" in text) == (template in ("sahel", "wire", "gulf")), template


def test_it_surrounds_the_article_with_boilerplate(web, client):
    _, text = fetch_page(web, client, "sahel")
    # it should carry a menu, a ticker, a related block, share buttons and comments
    for marker in (
        'class="main-menu"',
        'class="ticker"',
        "اقرأ أيضا",
        'class="share"',
        "التعليقات",
    ):
        assert marker in text
    # it should carry the comment policy, the image-report notice, a cookie banner, ads and a footer
    for marker in (
        "لا تعبر بالضرورة عن رأي الموقع",
        REPORT_NOTICE,
        "cookie-consent",
        "إعلان",
        "جميع الحقوق محفوظة",
    ):
        assert marker in text


def test_it_words_the_chrome_of_french_outlets_in_french(web, client):
    _, text = fetch_page(web, client, "sahel", lang="fr")
    # it should say "Lire aussi", "Commentaires" and "Tous droits réservés"
    for marker in ("Lire aussi", "Commentaires", "Tous droits réservés", 'dir="ltr"'):
        assert marker in text


def test_it_shows_bylines_datelines_and_captions(web, client):
    copies = [e for e in live(web) if e["wire_group"]]
    texts = [page_text(client.get(e["url"]), web.outlet(e["outlet"]).encoding) for e in copies]
    joined = "\n".join(texts)
    # it should show a "بقلم" byline somewhere, a figure caption, and wire credits "(واج)"
    assert "بقلم:" in joined or "Par " in joined
    assert "<figcaption>" in joined
    assert "(واج)" in joined


def test_it_serves_arabic_slugs_numeric_ids_and_query_ids(web):
    urls = [e["url"] for e in live(web)]
    # it should use percent-encoded Arabic slugs, numeric ids and query-string ids
    assert any(re.search(r"/\d+-%D[89A-F]", u) for u in urls)
    assert any(re.search(r"/article/\d+\.html$", u) for u in urls)
    assert any(re.search(r"/index\.php\?news=\d+$", u) for u in urls)
