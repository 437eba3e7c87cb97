"""Arabic-Indic digits or Western digits, as set, in every number every page shows readers."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from akhbar.news.models import Article, Source, Story
from akhbar.readership.service import count_view
from akhbar.search import index
from akhbar.search.backends import base

pytestmark = pytest.mark.django_db
WESTERN = re.compile(r"[0-9]")
ARABIC_INDIC = re.compile(r"[٠-٩]")
# Outlets without digits in their names: six more outlets running the agency's dispatch.
OUTLETS = ["alif", "ba", "ta", "tha", "jim", "ha"]
NAMES = ["الأفق", "البيان", "التحرير", "الثبات", "الجسر", "الحدث"]


class VisibleText(HTMLParser):
    """The text a reader sees, less the outlets' own words (marked ``dir``: titles, snippets,
    bylines, addresses), scripts and styles. Attributes (URLs, datetime=) are left out."""

    SKIPPED = {"script", "style"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # per open element: is its text skipped?
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"meta", "link", "input", "img", "br", "hr", "source"}:
            return  # void elements: no text, no end tag
        inherited = bool(self.stack and self.stack[-1])
        self.stack.append(inherited or tag in self.SKIPPED or "dir" in dict(attrs))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    # <html dir="rtl"> marks the page, not an outlet's words: read from <head>'s start.
    parser.feed(html.split("<head>", 1)[1])
    return " ".join(parser.chunks)


@pytest.fixture
def full_archive(settings, agency, daily, dispatch, wire_copy):
    """The dispatch run by seven outlets (one story), a recent article, a day's readings, the
    search index, and pages of two articles so that every list has a second page."""
    settings.AKHBAR_PAGE_SIZE = 2
    copies = [wire_copy]
    for n, (slug, name) in enumerate(zip(OUTLETS, NAMES, strict=True), start=2):
        outlet = Source.objects.create(
            slug=slug, name_ar=name, homepage=f"https://{slug}.test/", languages=["ar"]
        )
        copies.append(
            Article.objects.create(
                source=outlet,
                url=f"https://{slug}.test/copy",
                title=dispatch.title,
                body=dispatch.body,
                published_at=dispatch.published_at + timedelta(hours=n),
                fetched_at=dispatch.fetched_at + timedelta(hours=n),
                language="ar",
                category=dispatch.category,
                author=dispatch.author,
                duplicate_of=dispatch,
            )
        )
    now = timezone.now()
    Article.objects.create(
        source=agency,
        url="https://wakala.test/ar/national/recent",
        title="الموسم الفلاحي يتواصل في الولايات",
        body="فقرة عن الموسم الفلاحي.",
        published_at=now - timedelta(hours=2),
        fetched_at=now - timedelta(hours=1),
        language="ar",
        category=dispatch.category,
        author=dispatch.author,
    )
    story = Story.objects.create(
        title=dispatch.title,
        first_published_at=dispatch.published_at,
        last_published_at=copies[-1].published_at,
        article_count=len(copies) + 1,
        source_count=len(copies) + 1,
        first_article=dispatch,
        agency_credits=["واج"],
    )
    Article.objects.filter(pk__in=[dispatch.pk, *(c.pk for c in copies)]).update(story=story)
    for item in Article.objects.all():
        index.index_article(item)
    for _ in range(3):
        count_view(dispatch.pk)
    return story


def every_page(story: Story, dispatch: Article) -> list[str]:
    return [
        "/",
        dispatch.get_absolute_url(),
        story.get_absolute_url(),
        "/wakala/",
        "/category/national/",
        "/archive/",
        "/archive/2026/",
        "/archive/2026/11/",
        "/archive/2026/11/20/",
        reverse("web:author", args=[dispatch.author]),
        "/search/?q=الموسم",
        "/search/?q=الموسم+الولايات",  # one strict match, then partial ones
        "/sources/health/",
        "/language/?language=fr&next=/",
        f"/report/image/{dispatch.pk}/",
        f"/report/article/{dispatch.pk}/",
        "/no-such-outlet/12345/",
    ]


def test_it_writes_every_number_in_arabic_indic_digits_when_set(
    client, settings, monkeypatch, full_archive, dispatch
):
    settings.AKHBAR_ARABIC_DIGITS = True
    monkeypatch.setattr(base, "SAMPLE_CAP", 2)  # estimated totals and facets
    for url in every_page(full_archive, dispatch):
        html = client.get(url).content.decode()
        text = visible_text(html)
        # it should show readers no Western digit, anywhere in the page's own text
        assert not WESTERN.findall(text), (url, re.findall(r".{0,30}[0-9].{0,30}", text)[:5])
        # it should number ordered lists with Arabic-Indic markers too
        assert 'class="arabic-digits"' in html, url


def test_it_writes_the_counted_phrases_and_dates_in_arabic_indic_digits(
    client, settings, full_archive, dispatch
):
    settings.AKHBAR_ARABIC_DIGITS = True
    home = visible_text(client.get("/").content.decode())
    # it should write the other outlets' count and the dates with Arabic-Indic digits
    assert "و ٤ مصادر أخرى" in home
    assert "٢٠ - ١١ - ٢٠٢٦" in home
    found = visible_text(client.get("/search/", {"q": "الموسم"}).content.decode())
    # it should count results, folded copies and facets the same way
    assert "و ٧ مصادر أخرى" in found
    assert re.search(r"\([٠-٩]+\)", found)
    category = visible_text(client.get("/category/national/").content.decode())
    # it should number the pages too
    assert re.search(r"[٠-٩]", category) and "١" in category


def test_it_keeps_western_digits_when_not_set(client, settings, full_archive, dispatch):
    settings.AKHBAR_ARABIC_DIGITS = False
    for url in every_page(full_archive, dispatch):
        html = client.get(url).content.decode()
        # it should show no Arabic-Indic digit and no Arabic-Indic list markers
        assert not ARABIC_INDIC.findall(visible_text(html)), url
        assert "arabic-digits" not in html, url
    # it should still write the dates and counts, in Western digits
    assert "20 - 11 - 2026" in client.get("/").content.decode()


def test_it_keeps_western_digits_in_the_french_interface(client, settings, full_archive):
    settings.AKHBAR_ARABIC_DIGITS = True
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    # it should write Western digits for French readers whatever the setting
    assert "20 - 11 - 2026" in html and not ARABIC_INDIC.findall(visible_text(html))
