"""Finding feeds and article links on a homepage or section page."""

import pytest

from akhbar.ingest.discover import (
    WELL_KNOWN_FEED_PATHS,
    candidate_feed_urls,
    discover_feeds,
    find_canonical,
)
from akhbar.ingest.feeds import looks_like_article, parse_listing

HEAD = """<html><head>
<base href="https://wakala.test/ar/">
<link rel="alternate" type="application/rss+xml" title="RSS" href="rss.xml">
<link rel="alternate" type="application/atom+xml; charset=utf-8" href="/atom.xml">
<link rel="alternate" type="application/feed+json" href="https://wakala.test/feed.json">
<link rel="alternate" hreflang="fr" href="https://wakala.test/fr/">
<link rel="stylesheet" type="text/css" href="/s.css">
<link rel="alternate" type="application/rss+xml" href="rss.xml">
</head><body></body></html>"""

SECTION = """<html><body>
<header class="site-header"><a href="/ar/national/2026/11/28/header-link-looking-like-news">x</a></header>
<div class="main-menu"><a href="/ar/sport/11111">قائمة</a></div>
<div id="content">
  <h2><a href="/ar/national/2026/11/28/%D8%AE%D8%A8%D8%B1-%D8%A3%D9%88%D9%84">خبر أول</a></h2>
  <a href="/ar/national/2026/11/28/خبر-أول"><img src="/a.jpg" alt=""></a>
  <h2><a href="national/70001">خبر ثان</a></h2>
  <h2><a href="/ar/national/70001#comments">تعليقات</a></h2>
  <a href="/ar/category/national">الوطني</a>
  <a href="/ar/tag/elections-2026-results">وسم</a>
  <a href="/ar/page/2">الصفحة 2</a>
  <a href="/ar/2026/">أرشيف</a>
  <a href="/media/photo-of-the-day-2026.jpg">صورة</a>
  <a href="https://elsewhere.test/ar/national/80001">خارجي</a>
  <a href="https://www.wakala.test/ar/economy/70002-hausse-des-prix">خبر ثالث</a>
  <a href="mailto:news@wakala.test">بريد</a>
</div>
<div class="social-share"><a href="/ar/share/facebook/70001-sharing-link">f</a></div>
<footer><a href="/ar/legal/terms-and-conditions-of-use">شروط</a></footer>
</body></html>"""


def test_it_discovers_feeds_from_link_alternate():
    # it should list RSS, Atom and JSON feeds once each, resolved against <base href>
    assert discover_feeds("https://wakala.test/", HEAD) == [
        ("https://wakala.test/ar/rss.xml", "rss"),
        ("https://wakala.test/atom.xml", "atom"),
        ("https://wakala.test/feed.json", "jsonfeed"),
    ]


@pytest.mark.parametrize("page", ["", "   ", "<html></html>", "not html at all"])
def test_it_finds_nothing_on_pages_without_feeds(page):
    # it should return an empty list, never raise
    assert discover_feeds("https://x.test/", page) == []


def test_it_lists_well_known_feed_urls_for_a_homepage():
    urls = candidate_feed_urls("https://wakala.test/ar/")
    # it should try the section's own feed first, then the site's
    assert urls[0] == "https://wakala.test/ar/feed"
    assert "https://wakala.test/sitemap_news.xml" in urls
    # it should include every well-known path at the root
    assert len(urls) == 2 * len(WELL_KNOWN_FEED_PATHS)


def test_it_lists_article_links_of_a_section_page():
    entries = parse_listing("https://wakala.test/ar/", SECTION)
    # it should keep same-site article links, in page order, once each
    assert [e.url for e in entries] == [
        "https://wakala.test/ar/national/2026/11/28/%D8%AE%D8%A8%D8%B1-%D8%A3%D9%88%D9%84",
        "https://wakala.test/ar/national/70001",
        "https://www.wakala.test/ar/economy/70002-hausse-des-prix",
    ]
    # it should title each with its headline text
    assert [e.title for e in entries] == ["خبر أول", "خبر ثان", "خبر ثالث"]


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://x.test/ar/national/70001", True),
        ("https://x.test/2026/11/28/le-president-recoit-le-ministre", True),
        ("https://x.test/ar/article/كأس-الكاف-انتصار-مثير/96/87647", True),
        ("https://x.test/news/a-very-long-single-slug-word.html", True),
        ("https://x.test/", False),
        ("https://x.test/ar/national", False),
        ("https://x.test/ar/category/national-news-today", False),
        ("https://x.test/ar/2026", False),
        ("https://x.test/ar/page/12345", False),
        ("https://x.test/img/photo-of-the-day.jpg", False),
    ],
)
def test_it_tells_article_paths_from_sections_and_files(url, article):
    # it should want a long slug or a numeric id, and no section, tag or file
    assert looks_like_article(url) is article


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        (
            '<link rel="canonical" href="/ar/national/70001">',
            "https://wakala.test/ar/national/70001",
        ),
        (
            '<meta property="og:url" content="https://www.wakala.test/ar/a/70001">',
            "https://www.wakala.test/ar/a/70001",
        ),
        ('<link rel="canonical" href="https://aggregator.test/copy/1">', None),
        ('<link rel="canonical" href="javascript:void(0)">', None),
        ("", None),
    ],
)
def test_it_reads_the_canonical_url_of_a_page(head, canonical):
    page = f"<html><head>{head}</head><body><p>x</p></body></html>"
    # it should resolve a same-site canonical and ignore one pointing elsewhere
    assert find_canonical("https://wakala.test/ar/national/70001?utm_source=rss", page) == canonical
