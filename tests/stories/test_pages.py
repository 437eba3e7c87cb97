"""The pages name every outlet that ran a story: home, article and story pages."""

from datetime import timedelta

import pytest

from akhbar.news.models import Article
from akhbar.stories.service import fold_and_cluster
from tests.stories.texts import DISPATCH, DISPATCH_BODY_FR, DISPATCH_TITLE, DISPATCH_TITLE_FR, body

pytestmark = pytest.mark.django_db


@pytest.fixture
def wire(agency, daily, weekly, dispatch):
    """The agency's dispatch, the daily's copy of it, and the weekly's own report."""
    at = dispatch.published_at

    def stored(source, url, title, text, hours, lang="ar", author=""):
        article = Article.objects.create(
            source=source,
            url=url,
            title=title,
            body=text,
            author=author,
            language=lang,
            published_at=at + timedelta(hours=hours),
            fetched_at=at + timedelta(hours=hours),
        )
        fold_and_cluster(article)
        article.refresh_from_db()
        return article

    original = stored(
        agency, "https://wakala.test/w/1", DISPATCH_TITLE, body(DISPATCH), 0, author="(واج)"
    )
    copy = stored(daily, "https://sada.test/w/1", "محطة تحلية جديدة", body(DISPATCH[:3]), 1)
    report = stored(
        weekly, "https://hebdo.test/w/1", DISPATCH_TITLE_FR, DISPATCH_BODY_FR, 3, lang="fr"
    )
    return original, copy, report


def test_it_shows_each_original_once_with_its_other_outlets(client, wire):
    original, copy, _ = wire
    main = client.get("/").content.decode().split('id="main"')[1]
    latest = main.split('<ul class="article-list">')[1].split("</ul>")[0]
    # it should list the original once in the latest news and name the daily that copied it
    assert latest.count(f'href="/wakala/{original.pk}/"') == 1
    assert f'href="/sada/{copy.pk}/"' not in latest
    assert 'class="also"' in latest and "صدى اليوم" in latest


def test_it_lists_the_copies_on_the_originals_page(client, wire):
    original, copy, report = wire
    html = client.get(f"/wakala/{original.pk}/").content.decode()
    # it should link to the daily's copy and to the weekly's report of the same story
    assert f'href="/sada/{copy.pk}/"' in html
    assert f'href="/hebdo/{report.pk}/"' in html


def test_it_lists_the_original_and_sibling_copies_on_a_copys_page(client, wire, daily):
    original, copy, _ = wire
    html = client.get(f"/sada/{copy.pk}/").content.decode()
    # it should link back to the original and mark it as first to publish
    assert f'href="/wakala/{original.pk}/"' in html
    assert 'class="first"' in html


def test_it_marks_the_first_publisher_and_the_agency_on_the_story_page(client, wire):
    original, copy, report = wire
    html = client.get(original.story.get_absolute_url()).content.decode()
    timeline = html.split('class="timeline"')[1]
    # it should put the dispatch first, marked, and credit the agency
    assert timeline.index(f"/wakala/{original.pk}/") < timeline.index(f"/sada/{copy.pk}/")
    assert 'class="first"' in timeline.split(f"/sada/{copy.pk}/")[0]
    assert "APS" in html
