"""The daily read counter behind "most read today"."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from akhbar.news.slugs import RESERVED_SLUGS
from akhbar.readership import service
from akhbar.readership.models import ArticleView
from akhbar.readership.service import count_view, today
from akhbar.web.queries import most_read_today

pytestmark = pytest.mark.django_db


def test_it_keeps_one_counter_per_article_and_day(dispatch):
    count_view(dispatch.pk, day=date(2026, 11, 20))
    count_view(dispatch.pk, day=date(2026, 11, 20))
    count_view(dispatch.pk, day=date(2026, 11, 21))
    counts = dict(ArticleView.objects.values_list("day", "count"))
    # it should count each day apart
    assert counts == {date(2026, 11, 20): 2, date(2026, 11, 21): 1}


def test_it_recovers_when_another_reader_created_the_counter_first(dispatch, monkeypatch):
    day = date(2026, 11, 20)
    ArticleView.objects.create(article=dispatch, day=day, count=5)
    real_bump = service.bump
    missed = []

    def first_bump_misses(article_id, day):
        if not missed:
            missed.append(1)  # as if it ran before the other reader's INSERT committed
            return 0
        return real_bump(article_id, day)

    monkeypatch.setattr(service, "bump", first_bump_misses)
    count_view(dispatch.pk, day=day)
    # it should fall back to the UPDATE after the INSERT clashes, losing no reading
    assert ArticleView.objects.get(article=dispatch, day=day).count == 6


def test_it_bumps_only_the_articles_counter_of_that_day(dispatch, wire_copy):
    day = date(2026, 11, 20)
    for article, when in [(dispatch, day), (wire_copy, day), (dispatch, date(2026, 11, 21))]:
        ArticleView.objects.create(article=article, day=when, count=1)
    # it should change one counter, and say so
    assert service.bump(dispatch.pk, day) == 1
    counts = {(v.article_id, v.day): v.count for v in ArticleView.objects.all()}
    assert counts == {
        (dispatch.pk, day): 2,
        (wire_copy.pk, day): 1,
        (dispatch.pk, date(2026, 11, 21)): 1,
    }
    # and none when the article has no counter that day yet
    assert service.bump(dispatch.pk, date(2026, 11, 22)) == 0


def test_it_ranks_todays_most_read(dispatch, wire_copy):
    count_view(dispatch.pk)
    for _ in range(3):
        count_view(wire_copy.pk)
    for _ in range(5):  # yesterday's readings
        count_view(dispatch.pk, day=today() - timedelta(days=1))
    # it should put the most read first, counting only today's readings
    assert [item.pk for item in most_read_today()] == [wire_copy.pk, dispatch.pk]


def reading_path(article) -> str:
    return f"/_reading/{article.source.slug}/{article.pk}/"


def readings(article) -> int:
    return sum(ArticleView.objects.filter(article=article).values_list("count", flat=True))


def test_behind_the_proxy_it_counts_the_proxys_reports_not_the_pages(client, settings, dispatch):
    settings.AKHBAR_READINGS_COUNTED_BY_PROXY = True
    assert client.get(f"/{dispatch.source.slug}/{dispatch.pk}/").status_code == 200
    # it should leave the page's request to the proxy's report ...
    assert readings(dispatch) == 0
    response = client.get(reading_path(dispatch))
    # ... and count that report once, answering nothing a cache may keep
    assert response.status_code == 204 and "no-cache" in response["Cache-Control"]
    assert readings(dispatch) == 1
    # a HEAD request is no reading
    client.head(reading_path(dispatch))
    assert readings(dispatch) == 1


def test_it_counts_no_report_of_an_article_readers_cannot_see(client, settings, dispatch):
    settings.AKHBAR_READINGS_COUNTED_BY_PROXY = True
    assert client.get(f"/another-outlet/{dispatch.pk}/").status_code == 404  # the page
    assert client.get(f"/_reading/another-outlet/{dispatch.pk}/").status_code == 204
    type(dispatch).objects.filter(pk=dispatch.pk).update(held_reason="too short")
    assert client.get(reading_path(dispatch)).status_code == 204
    # it should count neither the wrong outlet's address nor a held article
    assert readings(dispatch) == 0


def test_without_the_proxy_the_report_address_does_not_exist(client, dispatch):
    assert client.get(reading_path(dispatch)).status_code == 404
    # and the page counts its own readings
    client.get(f"/{dispatch.source.slug}/{dispatch.pk}/")
    assert readings(dispatch) == 1


def test_nginx_reports_article_pages_only():
    config = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    (pattern,) = re.findall(r'location ~ "([^"]+)" \{\s*mirror ', config)
    article = re.compile(pattern)
    # it should report the page of an article of any outlet ...
    assert article.match("/wakala/42/") and article.match("/el-khabar/7/")
    # ... and none of the fixed routes shaped like one (a story, a year's archive)
    assert not [slug for slug in RESERVED_SLUGS if article.match(f"/{slug}/2016/")]
