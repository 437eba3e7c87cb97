"""Feed parsing: every format sniffed from the bytes, whatever the declared content type.

Small feeds are written here with invented headlines; the real-shaped RSS files are read from
the shared data folder (never copied into the repository).
"""

import json
from datetime import UTC, datetime

import pytest

from akhbar.ingest.feeds import ParseError, parse_feed, sniff
from eval import SHARED_DATA

SHARED_FEEDS = SHARED_DATA / "feeds"
RECONSTRUCTED = sorted((SHARED_FEEDS / "reconstructed_from_ant").glob("*.rss.xml"))
BASE = "https://wakala.test/ar/rss"

RSS = """<?xml version="1.0" encoding="{codec}"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
 <channel>
  <title>وكالة تجريبية</title>
  <ttl>15</ttl>
  <item>
   <title>افتتاح معرض الكتاب بالعاصمة</title>
   <link>/ar/culture/12345-iftitah-maarid</link>
   <pubDate>Sat, 28 Nov 2026 09:30:00 +0100</pubDate>
   <description><![CDATA[<p>افتتح <b>المعرض</b> أبوابه صباح اليوم.</p>]]></description>
   <category>ثقافة</category>
   <author>newsroom@wakala.test (قسم الثقافة)</author>
   <media:content url="https://wakala.test/img/1.jpg" medium="image"/>
  </item>
  <item>
   <title>Sans lien</title>
  </item>
 </channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
 <title>Sada</title>
 <entry>
  <title type="html">&lt;b&gt;Ouverture&lt;/b&gt; de la saison</title>
  <link rel="alternate" href="https://sada.test/fr/2026/11/28/ouverture-de-la-saison"/>
  <id>tag:sada.test,2026:1</id>
  <published>2026-11-28T08:00:00Z</published>
  <updated>2026-11-28T10:00:00+01:00</updated>
  <author><name>Rédaction</name></author>
  <content type="html">&lt;p&gt;Texte.&lt;/p&gt;</content>
 </entry>
</feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="https://old.test/"><title>Old</title></channel>
 <item rdf:about="https://old.test/news/2026/flood-in-the-valley">
  <title>Flood in the valley</title>
  <link>https://old.test/news/2026/flood-in-the-valley</link>
  <dc:date>2026-11-27T18:00:00+00:00</dc:date>
 </item>
</rdf:RDF>"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Akhbar JSON",
    "items": [
        {
            "id": "1",
            "url": "https://json.test/ar/2026/11/28/khabar-awwal",
            "title": "خبر أول",
            "content_html": "<p>نص الخبر.</p>",
            "summary": "ملخص",
            "date_published": "2026-11-28T07:15:00+01:00",
            "authors": [{"name": "المحرر"}],
            "tags": ["وطني"],
            "image": "/img/a.png",
        },
        {"id": "no-url", "title": "بلا رابط"},
    ],
}

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
 <url>
  <loc>https://sada.test/ar/national/98765</loc>
  <lastmod>2026-11-28T11:00:00+01:00</lastmod>
  <news:news>
   <news:publication><news:name>Sada</news:name><news:language>ar</news:language></news:publication>
   <news:publication_date>2026-11-28T10:00:00+01:00</news:publication_date>
   <news:title>تدشين محطة تحلية جديدة</news:title>
   <news:keywords>ماء, تحلية</news:keywords>
  </news:news>
  <image:image><image:loc>https://sada.test/img/98765.jpg</image:loc></image:image>
 </url>
 <url><loc>https://sada.test/ar/economy/98766</loc><lastmod>2026-11-27</lastmod></url>
</urlset>"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>https://sada.test/sitemap-news.xml</loc></sitemap>
 <sitemap><loc>/sitemap-2026-11.xml</loc></sitemap>
</sitemapindex>"""

HOMEPAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><title>صدى اليوم</title>
<link rel="alternate" type="application/rss+xml" href="/rss">
</head><body>
<nav><a href="/ar/category/sport">رياضة</a><a href="/ar/news/menu-link-that-looks-like-an-article">x</a></nav>
<main>
 <article><a href="/ar/national/55501">وزير الداخلية يزور الولاية</a></article>
 <article><a href="/ar/economy/55502-suq-al-naft"><img src="/i.jpg"></a>
          <a href="/ar/economy/55502-suq-al-naft">سوق النفط يرتفع</a></article>
 <a href="https://other.test/ar/national/99999">موقع آخر</a>
</main>
<footer><a href="/ar/page/about-us-and-our-team">من نحن</a></footer>
</body></html>"""


def test_it_parses_rss_with_relative_links_dates_and_images():
    feed = parse_feed(BASE, RSS.format(codec="utf-8").encode())
    entry = feed.entries[0]
    # it should recognize RSS and keep its title and TTL (minutes → seconds)
    assert (feed.kind, feed.title, feed.ttl_seconds) == ("rss", "وكالة تجريبية", 900)
    # it should resolve the relative link against the feed's URL
    assert entry.url == "https://wakala.test/ar/culture/12345-iftitah-maarid"
    # it should give an aware UTC date, plain-text summary, categories and the image
    assert entry.published == datetime(2026, 11, 28, 8, 30, tzinfo=UTC)
    assert entry.summary == "افتتح المعرض أبوابه صباح اليوم."
    assert (entry.categories, entry.image) == (("ثقافة",), "https://wakala.test/img/1.jpg")
    # it should drop an item without any link
    assert len(feed.entries) == 1


def test_it_parses_a_windows_1256_rss():
    feed = parse_feed(BASE, RSS.format(codec="windows-1256").encode("windows-1256"))
    # it should decode the legacy codec into correct Arabic
    assert feed.entries[0].title == "افتتاح معرض الكتاب بالعاصمة"


def test_it_parses_a_windows_1256_rss_that_claims_latin_1():
    content = RSS.format(codec="ISO-8859-1").encode("windows-1256")
    feed = parse_feed(BASE, content, "application/rss+xml; charset=iso-8859-1")
    # it should see through the wrong declaration
    assert feed.title == "وكالة تجريبية"


@pytest.mark.parametrize("path", RECONSTRUCTED[:6], ids=lambda p: p.name)
def test_it_reads_real_shaped_feeds_in_utf8_and_windows_1256(path):
    original = path.read_bytes()
    legacy = (
        original.decode("utf-8")
        .replace('encoding="UTF-8"', 'encoding="windows-1256"')
        .encode("windows-1256", errors="xmlcharrefreplace")
    )
    utf8, cp1256 = parse_feed(BASE, original), parse_feed(BASE, legacy)
    # it should find every item
    assert len(utf8.entries) >= 20
    # it should read the windows-1256 bytes into exactly the same entries
    assert [e.title for e in cp1256.entries] == [e.title for e in utf8.entries]
    assert [e.url for e in cp1256.entries] == [e.url for e in utf8.entries]


def test_it_parses_atom():
    feed = parse_feed("https://sada.test/atom.xml", ATOM.encode())
    entry = feed.entries[0]
    # it should recognize Atom and read its dates, in UTC
    assert feed.kind == "atom"
    assert entry.published == datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    assert entry.updated == datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    # it should strip markup from the title and keep the content's HTML
    assert (entry.title, entry.author) == ("Ouverture de la saison", "Rédaction")
    assert entry.content == "<p>Texte.</p>"


def test_it_parses_rdf():
    feed = parse_feed("https://old.test/rss", RDF.encode())
    # it should recognize RSS 1.0 and its Dublin Core date
    assert feed.kind == "rdf"
    assert feed.entries[0].published == datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def test_it_parses_json_feed():
    feed = parse_feed("https://json.test/feed.json", json.dumps(JSON_FEED).encode())
    entry = feed.entries[0]
    # it should read JSON Feed 1.1 and drop items without a URL
    assert (feed.kind, len(feed.entries)) == ("jsonfeed", 1)
    assert (entry.title, entry.author, entry.categories) == ("خبر أول", "المحرر", ("وطني",))
    assert entry.published == datetime(2026, 11, 28, 6, 15, tzinfo=UTC)
    # it should resolve the image against the feed URL
    assert entry.image == "https://json.test/img/a.png"


def test_it_refuses_json_that_is_not_a_feed():
    # it should raise a parse error for other JSON
    with pytest.raises(ParseError, match="^parse: "):
        parse_feed("https://json.test/api", b'{"status": "ok"}')


def test_it_parses_a_news_sitemap():
    feed = parse_feed("https://sada.test/sitemap-news.xml", NEWS_SITEMAP.encode())
    news, plain = feed.entries
    # it should take the title and publication date from the news extension
    assert (feed.kind, news.title) == ("sitemap", "تدشين محطة تحلية جديدة")
    assert news.published == datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert (news.categories, news.image) == (("ماء", "تحلية"), "https://sada.test/img/98765.jpg")
    # it should fall back to lastmod for a plain sitemap entry
    assert plain.published == datetime(2026, 11, 27, tzinfo=UTC)


def test_it_parses_a_sitemap_index():
    feed = parse_feed("https://sada.test/sitemap.xml", SITEMAP_INDEX.encode())
    # it should list the child sitemaps, resolved
    assert feed.kind == "sitemapindex"
    assert feed.sitemaps == [
        "https://sada.test/sitemap-news.xml",
        "https://sada.test/sitemap-2026-11.xml",
    ]


def test_it_reads_a_sitemap_without_its_namespace():
    content = b"<urlset><url><loc>https://x.test/ar/a/123456</loc></url></urlset>"
    # it should still find the URLs
    assert [e.url for e in parse_feed("https://x.test/s.xml", content).entries] == [
        "https://x.test/ar/a/123456"
    ]


def test_it_reads_an_html_page_given_as_a_feed():
    feed = parse_feed("https://sada.test/", HOMEPAGE.encode(), "application/rss+xml")
    # it should say "html" whatever the content type claimed
    assert (feed.kind, feed.title) == ("html", "صدى اليوم")
    # it should offer the autodiscovered feed
    assert feed.feed_links == [("https://sada.test/rss", "rss")]
    # it should list the page's article links
    assert [e.url for e in feed.entries] == [
        "https://sada.test/ar/national/55501",
        "https://sada.test/ar/economy/55502-suq-al-naft",
    ]


def test_it_reads_a_feed_served_as_text_html():
    feed = parse_feed(BASE, RSS.format(codec="utf-8").encode(), "text/html; charset=utf-8")
    # it should sniff RSS from the bytes
    assert (feed.kind, len(feed.entries)) == ("rss", 1)


def test_it_recovers_entries_from_malformed_xml_and_says_so():
    broken = RSS.format(codec="utf-8").replace("</channel>\n</rss>", "<item><title>R&D </titl>")
    feed = parse_feed(BASE, broken.encode())
    # it should keep the entries read before the break
    assert feed.entries[0].title == "افتتاح معرض الكتاب بالعاصمة"
    # it should report the breakage, for the caller to record on the feed
    assert feed.malformed


def test_it_recovers_urls_from_a_cut_sitemap_and_says_so():
    cut = NEWS_SITEMAP[: NEWS_SITEMAP.index("<url><loc>https://sada.test/ar/economy")]
    feed = parse_feed("https://sada.test/sitemap-news.xml", (cut + "<url><loc>&").encode())
    # it should keep the complete entries and report the breakage
    assert [e.url for e in feed.entries] == ["https://sada.test/ar/national/98765"]
    assert feed.malformed.startswith("line ")


def test_it_raises_on_a_sitemap_broken_before_any_url():
    # it should refuse a sitemap that yields nothing
    with pytest.raises(ParseError, match="^parse: "):
        parse_feed("https://sada.test/s.xml", b"<urlset><url><lo")


@pytest.mark.parametrize("document", [RSS.format(codec="utf-8"), ATOM, RDF, NEWS_SITEMAP])
def test_it_reports_nothing_malformed_in_well_formed_documents(document):
    # it should leave `malformed` empty
    assert parse_feed(BASE, document.encode()).malformed == ""


def test_it_raises_on_malformed_xml_without_entries():
    # it should refuse XML that yields nothing
    with pytest.raises(ParseError, match="^parse: "):
        parse_feed(BASE, b"<?xml version='1.0'?><rss><channel><title>x</title><item><")


@pytest.mark.parametrize("content", [b"", b"   \n\t", b"\xef\xbb\xbf"])
def test_it_raises_on_an_empty_body(content):
    # it should say the body was empty, with its stage prefix
    with pytest.raises(ParseError, match="^parse: "):
        parse_feed(BASE, content)


def test_it_raises_on_plain_text():
    # it should refuse text that is no feed at all
    with pytest.raises(ParseError):
        parse_feed(BASE, "ليس هذا خلاصة".encode())


def test_it_reads_dates_feedparser_cannot():
    content = RSS.format(codec="utf-8").replace(
        "Sat, 28 Nov 2026 09:30:00 +0100", "السبت 28 نوفمبر 2026 09:30"
    )
    entry = parse_feed(BASE, content.encode()).entries[0]
    # it should read the date with our own parser (no offset: Algiers time)
    assert entry.published == datetime(2026, 11, 28, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b'\xef\xbb\xbf<?xml version="1.0"?><rss/>', "xml"),
        (b"<!-- generated --><urlset/>", "urlset"),
        (b"<sitemapindex/>", "sitemapindex"),
        (b"  <!DOCTYPE html><html>", "html"),
        (b"<html><body>", "html"),
        (b'{"version": "x"}', "json"),
    ],
)
def test_it_sniffs_the_format_from_the_bytes(content, kind):
    # it should look past BOMs, whitespace and comments
    assert sniff(content) == kind
