"""Pages beyond the front page: archives by date, authors, outlets' profiles, home sections."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from akhbar.news.models import Article, Category
from akhbar.readership.models import ArticleView
from akhbar.readership.service import count_view
from akhbar.web import queries
from akhbar.web.context import sections

pytestmark = pytest.mark.django_db


def test_it_lists_a_days_articles_in_the_date_archive(client, dispatch, wire_copy):
    html = client.get("/archive/2026/11/20/").content.decode()
    # it should list the day's articles, by the site's time zone
    assert dispatch.title in html and wire_copy.title in html
    # it should link to the previous day and to the month
    assert 'href="/archive/2026/11/19/"' in html and 'href="/archive/2026/11/"' in html
    # it should list nothing for another day
    assert dispatch.title not in client.get("/archive/2026/11/21/").content.decode()


def test_it_counts_the_days_of_a_month_and_the_months_of_a_year(client, dispatch, wire_copy):
    month = client.get("/archive/2026/11/").content.decode()
    # it should link the day that has articles, with their number (the Arabic dual: two)
    assert 'href="/archive/2026/11/20/"' in month
    assert "مقالان" in month
    year = client.get("/archive/2026/").content.decode()
    # it should link the month
    assert 'href="/archive/2026/11/"' in year
    index = client.get("/archive/").content.decode()
    # it should list the years of the archive
    assert 'href="/archive/2026/"' in index


def test_it_answers_404_for_an_impossible_date(client):
    # it should refuse a 31st of February
    assert client.get("/archive/2026/02/31/").status_code == 404
    assert client.get("/archive/2026/13/").status_code == 404


def test_it_lists_an_authors_articles(client, dispatch):
    html = client.get("/author/(واج)/").content.decode()
    # it should name the author and list the byline's articles
    assert "(واج)" in html and dispatch.title in html
    article = client.get(f"/wakala/{dispatch.pk}/").content.decode()
    # it should link the byline of an article to the author's page
    assert 'href="/author/(%D9%88%D8%A7%D8%AC)/"' in article


def test_it_answers_404_for_an_unknown_author(client, dispatch):
    # it should not show an empty author page
    assert client.get("/author/nobody/").status_code == 404


def test_it_shows_the_outlets_profile_and_its_articles_by_day(client, dispatch):
    html = client.get("/wakala/").content.decode()
    # it should give the outlet's kind, ownership and languages
    assert "<dd>وكالة أنباء</dd>" in html and "<dd>عمومي</dd>" in html
    assert "العربيّة" in html and "الفرنسية" in html
    # it should group the articles under their day, linking to the day's archive
    assert 'datetime="2026-11-20"' in html and 'href="/archive/2026/11/20/"' in html


def test_it_paginates_long_lists(client, settings, agency):
    settings.AKHBAR_PAGE_SIZE = 2
    for number in range(5):
        Article.objects.create(
            source=agency,
            url=f"https://wakala.test/{number}",
            title=f"خبر {number}",
            published_at=timezone.now() - timedelta(minutes=number),
            fetched_at=timezone.now(),
        )
    first = client.get("/wakala/").content.decode()
    # it should show one page and link to the next
    assert "خبر 0" in first and "خبر 2" not in first and 'rel="next" href="?page=2"' in first
    third = client.get("/wakala/?page=3").content.decode()
    # it should reach the last page
    assert "خبر 4" in third and 'rel="next"' not in third


def test_it_counts_readings_of_an_article(client, dispatch):
    for _ in range(3):
        client.get(f"/wakala/{dispatch.pk}/")
    # it should keep one counter per article and day, bumped each time
    row = ArticleView.objects.get(article=dispatch)
    assert row.count == 3 and row.day == timezone.localdate()
    client.get("/wakala/999999/")
    # it should count nothing for a page that does not exist
    assert ArticleView.objects.count() == 1


def test_it_shows_the_most_read_today_on_the_home_page(client, dispatch, daily):
    other = Article.objects.create(
        source=daily,
        url="https://sada.test/x",
        title="خبر الأكثر قراءة",
        published_at=timezone.now(),
        fetched_at=timezone.now(),
    )
    count_view(other.pk)
    count_view(other.pk)
    count_view(dispatch.pk)
    html = client.get("/").content.decode()
    section = html.split('id="most-read-title"')[1].split("</section>")[0]
    # it should rank today's most read first
    assert section.index(other.title) < section.index(dispatch.title)


def test_it_shows_sections_by_category_and_the_latest_of_each_outlet(client, dispatch, daily):
    Article.objects.create(
        source=daily, url="https://sada.test/y", title="خبر صدى", fetched_at=timezone.now()
    )
    html = client.get("/").content.decode()
    # it should show a section per category that has articles, linking to it
    assert 'id="section-national"' in html and 'href="/category/national/"' in html
    # it should show each outlet's latest article
    outlets = html.split('id="per-outlet-title"')[1]
    assert "خبر صدى" in outlets and dispatch.title in outlets


def test_it_leaves_held_articles_out_of_the_home_sections(client, dispatch):
    count_view(dispatch.pk)
    dispatch.held_reason = "held"
    dispatch.save()
    html = client.get("/").content.decode()
    # it should not show a held article anywhere
    assert dispatch.title not in html


def test_it_answers_a_friendly_404_with_a_way_back(client):
    response = client.get("/archive/2026/02/30/")
    html = response.content.decode()
    # it should answer 404 in Arabic with links home and to search
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in html
    assert 'href="/"' in html and 'href="/search/"' in html


def test_it_fills_each_home_section_with_its_own_latest_originals(agency, daily):
    national, sport = (Category.objects.get(slug=slug) for slug in ("national", "sports"))
    start = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

    def publish(source, n, category, duplicate_of=None):
        return Article.objects.create(
            source=source,
            url=f"https://{source.slug}.test/{category.slug}/{n}",
            title=f"{category.slug} {n}",
            published_at=start + timedelta(minutes=n),
            fetched_at=start + timedelta(minutes=n),
            category=category,
            duplicate_of=duplicate_of,
            language="ar",
        )

    original = publish(agency, 0, national)
    for n in range(1, 7):  # the section's latest rows are all copies
        publish(daily, n, national, duplicate_of=original)
    for n in range(3):
        publish(agency, n, sport)
    listed = {
        section.slug: [item.title for item in items]
        for section, items in queries.category_sections(sections(), per_section=2)
    }
    # it should reach past a run of copies to the section's original
    assert listed["national"] == ["national 0"]
    # and give every other section its own latest originals, newest first
    assert listed["sports"] == ["sports 2", "sports 1"]
    assert set(listed) == {"national", "sports"}
