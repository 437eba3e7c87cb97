"""Lists of headlines as plain rows: the same text, dates and links the templates wrote."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import now

from akhbar.news.models import Article, Story
from akhbar.readership.service import count_view
from akhbar.web.headlines import (
    Day,
    Headline,
    Outlet,
    by_day,
    headlines,
    local_moment,
    rows_where,
)
from akhbar.web.queries import (
    LISTED_FIELDS,
    latest_per_outlet,
    most_read_today,
    outlet_rows,
    story_timeline_headlines,
    with_other_outlets,
)

ALGIERS = ZoneInfo("Africa/Algiers")
AGENCY = Outlet(pk=1, slug="wakala", display_name="وكالة", url="/wakala/")


def _headline(pk: int, published_at: datetime | None) -> Headline:
    return Headline(pk, "عنوان", "ar", published_at, published_at, 1, None, None, AGENCY)


def test_it_reads_sqlites_naive_utc_and_postgresqls_aware_timestamps_alike():
    naive = datetime(2026, 11, 20, 23, 30)
    aware = naive.replace(tzinfo=UTC)
    # it should take a naive timestamp as UTC and give both in the site's time zone
    assert local_moment(naive, ALGIERS) == local_moment(aware, ALGIERS) == aware
    assert local_moment(naive, ALGIERS).tzinfo is ALGIERS
    assert local_moment(None, ALGIERS) is None


def test_it_writes_dates_as_the_date_filter_did():
    moment = datetime(2026, 3, 5, 7, 4, 9, 120000, tzinfo=ALGIERS)
    item = _headline(1, moment)
    with translation.override("ar"):
        # it should write the datetime attribute, the day and the minute as the template did
        assert item.published_iso == date_filter(moment, "c")
        assert item.published_on == date_filter(moment, "d - m - Y") == "05 - 03 - 2026"
        assert item.published_at_minute == date_filter(moment, "d - m - Y H:i")


def test_it_writes_nothing_for_an_undated_headline():
    item = _headline(1, None)
    # it should leave the date texts empty
    assert item.published_iso == item.published_on == item.published_at_minute == ""


def test_it_links_an_outlets_articles_where_the_article_page_is():
    # it should give the address that reverse() gives the article page
    assert AGENCY.article_url(42) == reverse("web:article", args=["wakala", 42])


def test_it_groups_consecutive_headlines_by_day_the_undated_apart():
    first = datetime(2026, 11, 20, 9, 0, tzinfo=ALGIERS)
    items = [_headline(1, first), _headline(2, first.replace(hour=1)), _headline(3, None)]
    days = by_day(items)
    # it should keep the order, one group per local day, the undated in a group of their own
    assert [(day.date, [i.pk for i in day.headlines]) for day in days] == [
        (date(2026, 11, 20), [1, 2]),
        (None, [3]),
    ]


def test_it_heads_a_day_as_the_date_filter_did():
    day = Day(date(2026, 11, 20), [])
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            # it should name the weekday in the reader's language and link the day's archive
            assert day.label == date_filter(day.date, "l d - m - Y")
    with translation.override("fr"):
        french = day.label
    with translation.override("ar"):
        # each language its own name (the remembered labels are kept per language)
        assert day.label != french and french.startswith("vendredi")
    assert day.iso == "2026-11-20"
    assert day.url == reverse("web:archive_day", args=[2026, 11, 20])


@pytest.mark.django_db
def test_it_writes_the_limit_into_the_sql(dispatch):
    with CaptureQueriesContext(connection) as captured:
        rows_where("category_id = %s", [dispatch.category_id], limit=7)
    # it should not bind the LIMIT: SQLite would then plan for a long list and walk by date
    assert captured.captured_queries[0]["sql"].endswith("LIMIT 7")


@pytest.mark.django_db
def test_it_names_each_other_outlet_once(dispatch, wire_copy, daily):
    [original] = with_other_outlets(headlines(rows_where("id = %s", [dispatch.pk])))
    # it should list the daily that ran the copy, by its name in the reader's language
    assert [outlet.display_name for outlet in original.other_outlets] == [daily.name_ar]


@pytest.mark.django_db
def test_it_names_the_outlet_a_copy_was_copied_from(dispatch, wire_copy):
    story = Story.objects.create(title="الموسم الفلاحي")
    Article.objects.filter(pk__in=[dispatch.pk, wire_copy.pk]).update(story=story)
    original, copy = story_timeline_headlines(story.pk)
    # it should give the copy its original's outlet, and the original none
    assert (original.pk, copy.pk) == (dispatch.pk, wire_copy.pk)
    assert copy.original_outlet.display_name == dispatch.source.name_ar
    assert original.original_outlet is None


@pytest.mark.django_db
def test_it_pages_an_outlets_list_with_the_rows_and_count_of_the_orm(agency, dispatch, daily):
    for n in range(5):
        Article.objects.create(
            source=agency, url=f"https://wakala.test/{n}", title=f"خبر {n}", language="ar",
            published_at=dispatch.published_at + timedelta(hours=n), fetched_at=dispatch.fetched_at,
        )  # fmt: skip
    Article.objects.create(source=daily, url="https://sada.test/x", title="خبر", fetched_at=now())
    Article.objects.create(source=agency, url="https://wakala.test/held", title="محجوز",
                           held_reason="short", fetched_at=now())  # fmt: skip
    orm = (
        Article.objects.filter(held_reason="", source=agency)
        .order_by("-published_at", "-id")
        .values_list(*LISTED_FIELDS)
    )
    rows = outlet_rows(agency.pk)
    # it should give each page the rows that the ORM's slice gave, visible ones only, their
    # moments aware as the ORM's are
    assert list(rows[0:2]) == list(orm[0:2]) and list(rows[4:6]) == list(orm[4:6])
    # and count as the ORM counts, within a LIMIT when one is given
    assert rows.count() == orm.count() == 6
    assert rows[:4].count() == orm[:4].count() == 4
    assert rows[4:10].count() == orm[4:10].count() == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan of the count")
@pytest.mark.django_db
def test_it_counts_an_outlets_list_from_its_index_alone(agency):
    with CaptureQueriesContext(connection) as captured:
        outlet_rows(agency.pk)[:1501].count()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {captured.captured_queries[0]['sql']}")
        plan = " ".join(row[-1] for row in cursor.fetchall())
    # it should neither read each article's row (its listed columns follow the body) nor
    # sort: a count does not depend on the order
    assert "COVERING INDEX article_source_list_idx" in plan and "B-TREE" not in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans of the home lists")
@pytest.mark.django_db
def test_it_reads_the_home_lists_newest_first_without_sorting(agency):
    from akhbar.news.models import Category
    from akhbar.web import queries

    sections = list(Category.objects.values_list("pk", flat=True)[:2])
    with CaptureQueriesContext(connection) as captured:
        queries.latest_per_outlet()
        queries.latest_in_categories(sections, 8)
    with connection.cursor() as cursor:
        plans = []
        for query in captured.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plans.append(" ".join(row[-1] for row in cursor.fetchall()))
    latest, by_section = plans
    # it should walk indexes that end in the id tiebreak (migration 0014): no rows sorted
    # for the ties of a publication time
    assert "article_source_newest_orig_idx" in latest and "B-TREE" not in latest
    assert "article_category_newest_idx" in by_section and "B-TREE" not in by_section


def test_it_refuses_to_slice_a_list_twice():
    # it should say so rather than read a window of a window wrongly
    with pytest.raises(TypeError):
        outlet_rows(1)[0:30][0:10]


@pytest.mark.django_db
def test_it_lists_a_days_articles_by_the_sites_time_zone(client, agency):
    # 00:30 in Algiers on the 21st is 23:30 UTC on the 20th
    Article.objects.create(
        source=agency, url="https://wakala.test/night", title="خبر منتصف الليل", language="ar",
        published_at=datetime(2026, 11, 21, 0, 30, tzinfo=ALGIERS), fetched_at=now(),
    )  # fmt: skip
    # it should list the article on its local day, not on its UTC day
    assert "خبر منتصف الليل" in client.get("/archive/2026/11/21/").content.decode()
    assert "خبر منتصف الليل" not in client.get("/archive/2026/11/20/").content.decode()


@pytest.mark.django_db
def test_it_lists_each_active_outlets_latest_original_newest_first(
    agency, dispatch, wire_copy, daily
):
    undated = Article.objects.create(
        source=daily, url="https://sada.test/undated", title="بلا تاريخ", fetched_at=now()
    )
    Article.objects.create(source=agency, url="https://wakala.test/held", title="محجوز",
                           held_reason="short", fetched_at=now(), published_at=now())  # fmt: skip
    with translation.override("fr"):
        items = latest_per_outlet()
    # it should give each outlet's latest visible original (the undated one by its fetching
    # time, so first), with its outlet named in the reader's language and linked
    assert [item.pk for item in items] == [undated.pk, dispatch.pk]
    assert [item.source.display_name for item in items] == [daily.name_fr, agency.name_fr]
    assert items[1].url == f"/{agency.slug}/{dispatch.pk}/"
    agency.active = False
    agency.save()
    # and leave an inactive outlet out
    assert [item.pk for item in latest_per_outlet()] == [undated.pk]


@pytest.mark.django_db
def test_it_ranks_the_most_read_and_leaves_a_held_ones_place_empty(agency, dispatch, wire_copy):
    for _ in range(3):
        count_view(wire_copy.pk)
    count_view(dispatch.pk)
    items = most_read_today(limit=2)
    # it should list the day's most read first, each with its outlet
    assert [(item.pk, item.source.slug) for item in items] == [
        (wire_copy.pk, wire_copy.source.slug),
        (dispatch.pk, agency.slug),
    ]
    Article.objects.filter(pk=wire_copy.pk).update(held_reason="held")
    # and drop a held article without letting one below the ranking's length take its place
    assert [item.pk for item in most_read_today(limit=1)] == []
    assert [item.pk for item in most_read_today(limit=2)] == [dispatch.pk]


@pytest.mark.django_db
def test_it_reads_the_listed_moments_as_aware_utc_however_sqlite_holds_them(agency):
    moment = datetime(2026, 11, 20, 8, 30, 0, 123456, tzinfo=UTC)
    Article.objects.create(source=agency, url="https://wakala.test/m", title="خبر", language="ar",
                           published_at=moment, fetched_at=moment)  # fmt: skip
    Article.objects.create(source=agency, url="https://wakala.test/u", title="بلا تاريخ",
                           language="ar", fetched_at=moment)  # fmt: skip
    [(published, fetched), (undated, _)] = [row[3:5] for row in rows_where(order="id")]
    # it should give the same moment, aware, the undated as None
    assert published == fetched == moment and published.utcoffset() == timedelta(0)
    assert undated is None
    if connection.vendor == "sqlite":
        # and read moments stored with an offset or without a fraction as Django reads them
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE news_article SET published_at = %s, fetched_at = %s WHERE url = %s",
                ["2026-11-20 09:30:00+01:00", "2026-11-20 08:30:00", "https://wakala.test/m"],
            )
        [(published, fetched), _] = [row[3:5] for row in rows_where(order="id")]
        assert published == moment.replace(microsecond=0) and published.tzinfo is not None
        assert fetched == moment.replace(microsecond=0) and fetched.tzinfo is not None
