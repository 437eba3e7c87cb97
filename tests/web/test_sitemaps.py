"""What search engines read: sitemaps, the news sitemap, robots.txt, Open Graph and JSON-LD."""

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from akhbar.news.models import Article

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


@pytest.fixture
def fresh(dispatch) -> Article:
    """The dispatch, published an hour ago (within the news sitemap's 48 hours)."""
    dispatch.published_at = timezone.now() - timedelta(hours=1)
    dispatch.save()
    return dispatch


def xml(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def test_it_indexes_the_sitemaps_of_articles_sources_and_categories(client, dispatch):
    index = xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    # it should name one sitemap per section
    assert {loc.split("/")[-1].split("?")[0] for loc in locations} == {
        "sitemap-articles.xml",
        "sitemap-sources.xml",
        "sitemap-categories.xml",
    }
    articles = xml(client, "/sitemap-articles.xml")
    # it should list the article's page on Akhbar
    assert f"http://testserver/wakala/{dispatch.pk}/" in [
        loc.text for loc in articles.iter(f"{SITEMAP}loc")
    ]
    sources = xml(client, "/sitemap-sources.xml")
    assert "http://testserver/wakala/" in [loc.text for loc in sources.iter(f"{SITEMAP}loc")]


def test_it_leaves_held_articles_out_of_the_sitemap(client, dispatch):
    dispatch.held_reason = "held"
    dispatch.save()
    articles = xml(client, "/sitemap-articles.xml")
    # it should not advertise what readers may not see
    assert list(articles.iter(f"{SITEMAP}loc")) == []


def test_it_lists_the_last_48_hours_in_the_news_sitemap(client, fresh, daily):
    Article.objects.create(
        source=daily,
        url="https://sada.test/old",
        title="خبر قديم",
        published_at=timezone.now() - timedelta(days=3),
        fetched_at=timezone.now() - timedelta(days=3),
    )
    root = xml(client, "/sitemap-news.xml")
    urls = root.findall(f"{SITEMAP}url")
    # it should list the fresh article and not the one from days ago
    assert [u.find(f"{SITEMAP}loc").text for u in urls] == [f"http://testserver/wakala/{fresh.pk}/"]
    news = urls[0].find(f"{NEWS}news")
    # it should give the publication, its language, the date and the title
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "وكالة الأخبار التجريبية"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "ar"
    assert news.find(f"{NEWS}publication_date").text.startswith(str(timezone.localdate().year))
    assert news.find(f"{NEWS}title").text == fresh.title
    # it should name the visible image
    assert urls[0].find(f"{IMAGE}image/{IMAGE}loc").text == fresh.image_url


def test_it_leaves_hidden_images_out_of_the_news_sitemap(client, fresh):
    fresh.image_state = "hidden"
    fresh.save()
    response = client.get("/sitemap-news.xml")
    # it should not name an image that readers' reports hid
    assert fresh.image_url not in response.content.decode()
    assert b"image:image" not in response.content


def test_it_serves_robots_txt_with_the_sitemaps(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    # it should allow everything but the admin and the report forms
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in text and "Allow: /" in text
    assert "Disallow: /admin/" in text and "Disallow: /report/" in text
    # it should point at both sitemaps
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text


def jsonld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_it_describes_an_article_with_open_graph_and_json_ld(client, dispatch):
    html = client.get(f"/wakala/{dispatch.pk}/?reported=image").content.decode()
    # it should give the canonical URL without the query
    assert f'<link rel="canonical" href="http://testserver/wakala/{dispatch.pk}/">' in html
    assert html.count('rel="canonical"') == 1
    # it should give Open Graph's title, type and image
    assert f'<meta property="og:title" content="{dispatch.title}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:image" content="{dispatch.image_url}">' in html
    data = jsonld(html)
    # it should describe a NewsArticle with its headline, date, publisher and original
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == dispatch.title
    assert data["datePublished"].startswith("2026-11-20")
    assert data["publisher"]["name"] == "وكالة الأخبار التجريبية"
    assert data["isBasedOn"] == dispatch.url
    assert data["image"] == [dispatch.image_url]


def test_it_leaves_a_hidden_image_out_of_open_graph_and_json_ld(client, dispatch):
    dispatch.image_state = "confirmed"
    dispatch.save()
    html = client.get(f"/wakala/{dispatch.pk}/").content.decode()
    # it should name no image anywhere in the page
    assert "og:image" not in html
    assert "image" not in jsonld(html)


def test_it_keeps_markup_in_titles_out_of_the_json_ld_script(client, dispatch):
    dispatch.title = "</script><script>alert(1)</script>"
    dispatch.save()
    html = client.get(f"/wakala/{dispatch.pk}/").content.decode()
    # it should not let a title close the JSON-LD element
    assert "</script><script>alert(1)" not in html
    assert jsonld(html)["headline"] == dispatch.title


def test_it_gives_every_page_a_canonical_link_and_feed_links(client, dispatch):
    html = client.get("/wakala/?page=1&utm_source=x").content.decode()
    # it should drop tracking parameters from the canonical link
    assert '<link rel="canonical" href="http://testserver/wakala/">' in html
    # it should advertise the outlet's feeds
    assert (
        'type="application/rss+xml" title="وكالة الأخبار التجريبية" href="/feeds/source/wakala/"'
        in html
    )
