"""Dates as Arab, Algerian and French-language sites print them."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from akhbar.text.dates import (
    choose_publication_date,
    date_from_url,
    find_dates,
    hijri_to_gregorian,
    parse_date,
)

ALGIERS = ZoneInfo("Africa/Algiers")
NOW = datetime(2016, 5, 17, 12, 0, tzinfo=ALGIERS)


def at(*parts: int, tz=ALGIERS) -> datetime:
    return datetime(*parts, tzinfo=tz)


ABSOLUTE = [
    ("Maghrebi month", "17 ماي 2016", at(2016, 5, 17)),
    ("Maghrebi July", "3 جويلية 2016", at(2016, 7, 3)),
    ("Maghrebi August", "31 أوت 2016", at(2016, 8, 31)),
    ("Maghrebi, hamza-less", "5 افريل 2016", at(2016, 4, 5)),
    ("Maghrebi with day name", "الثلاثاء 17 جوان 2016", at(2016, 6, 17)),
    ("Levantine month", "17 أيار 2016", at(2016, 5, 17)),
    ("Levantine two-word month", "3 كانون الثاني 2017", at(2017, 1, 3)),
    ("Levantine/Egyptian pair", "11 تشرين الأول/أكتوبر 2015", at(2015, 10, 11)),
    ("Egyptian month", "17 مايو 2016", at(2016, 5, 17)),
    ("Egyptian variant", "2 يونيه 2016", at(2016, 6, 2)),
    ("Egyptian, hamza-less", "9 اغسطس 2016", at(2016, 8, 9)),
    ("Arabic-Indic digits", "١٧ مايو ٢٠١٦", at(2016, 5, 17)),
    ("Persian digits", "۱۷/۰۵/۲۰۱۶", at(2016, 5, 17)),
    ("spaced dashes", "17 - 05 - 2016", at(2016, 5, 17)),
    ("day first, slashes", "17/05/2016", at(2016, 5, 17)),
    ("ISO date", "2016-05-17", at(2016, 5, 17)),
    ("year first, slashes", "2016/05/17", at(2016, 5, 17)),
    ("time after", "17/05/2016 10:30", at(2016, 5, 17, 10, 30)),
    ("morning mark ص", "17/05/2016 10:30 ص", at(2016, 5, 17, 10, 30)),
    ("evening mark م", "17/05/2016 10:30 م", at(2016, 5, 17, 22, 30)),
    ("time before", "10:30 - 17/05/2016", at(2016, 5, 17, 10, 30)),
    ("الساعة before the time", "1 تشرين الأول 2015 الساعة 10:30 م", at(2015, 10, 1, 22, 30)),
    ("French date", "17 mai 2016", at(2016, 5, 17)),
    ("French 1er and 10h30", "1er juin 2016 à 10h30", at(2016, 6, 1, 10, 30)),
    ("French le and day", "le 3 février 2017", at(2017, 2, 3)),
    ("French day name", "lundi 3 avril 2017 14h05", at(2017, 4, 3, 14, 5)),
    ("English month first", "May 17, 2016", at(2016, 5, 17)),
    ("ISO with offset kept", "2016-05-17T10:30:00+02:00", at(2016, 5, 17, 10, 30, tz=timezone(timedelta(hours=2)))),
    ("RFC 2822 from feeds", "Wed, 28 Feb 2018 17:23:19 +0400", at(2018, 2, 28, 17, 23, 19, tz=timezone(timedelta(hours=4)))),
    ("Gregorian beside Hijri", "الثلاثاء 10 شعبان 1437 هـ الموافق 17 مايو 2016 م", at(2016, 5, 17)),
]  # fmt: skip

RELATIVE = [
    ("hours ago", "منذ 3 ساعات", NOW - timedelta(hours=3)),
    ("an hour ago", "منذ ساعة", NOW - timedelta(hours=1)),
    ("two minutes ago (dual)", "منذ دقيقتين", NOW - timedelta(minutes=2)),
    ("two days ago (dual)", "منذ يومين", NOW - timedelta(days=2)),
    ("yesterday", "أمس", at(2016, 5, 16)),
    ("today", "اليوم", at(2016, 5, 17)),
    ("French hours ago", "il y a 3 heures", NOW - timedelta(hours=3)),
    ("French yesterday", "hier", at(2016, 5, 16)),
    ("day without year", "17 ماي", at(2016, 5, 17)),
]


@pytest.mark.parametrize(("case", "text", "expected"), ABSOLUTE, ids=[c[0] for c in ABSOLUTE])
def test_it_reads_absolute_dates(case, text, expected):
    # it should give the aware datetime the site meant
    assert parse_date(text) == expected


@pytest.mark.parametrize(("case", "text", "expected"), RELATIVE, ids=[c[0] for c in RELATIVE])
def test_it_reads_relative_dates_against_now(case, text, expected):
    # it should count back from now
    assert parse_date(text, now=NOW) == expected


def test_it_skips_relative_dates_without_now():
    # it should not guess what "3 hours ago" means
    assert parse_date("منذ 3 ساعات") is None


def test_it_localizes_naive_dates_to_the_given_zone():
    # it should attach the zone passed in
    assert parse_date("17/05/2016 10:30", tz="Asia/Riyadh").utcoffset() == timedelta(hours=3)


def test_it_returns_aware_datetimes():
    # it should never return a naive value
    assert parse_date("17 ماي 2016").tzinfo is not None


def test_it_converts_hijri_dates_with_the_tabular_calendar():
    value = parse_date("10 شعبان 1437 هـ").date()
    # it should land within a day of 17 May 2016 (the tabular calendar's known error)
    assert abs(value - date(2016, 5, 17)) <= timedelta(days=1)


def test_it_converts_the_start_of_ramadan():
    # it should give the arithmetical date of 1 Ramadan 1437 (6 June 2016 ± 1 day)
    assert hijri_to_gregorian(1437, 9, 1) == date(2016, 6, 7)


def test_it_finds_dates_in_free_text_with_offsets():
    text = "نشر في الشروق يوم 17 - 05 - 2016 على الساعة 10:30 ثم عدل"
    [match] = find_dates(text)
    # it should give the span covering the date and its time
    assert (text[match.start : match.end], match.has_time) == (
        "17 - 05 - 2016 على الساعة 10:30",
        True,
    )


def test_it_labels_hijri_and_gregorian_matches():
    text = "10 شعبان 1437 هـ الموافق 17 مايو 2016"
    # it should say which calendar each match comes from
    assert [m.kind for m in find_dates(text)] == ["hijri", "absolute"]


def test_it_rejects_impossible_dates():
    # it should not invent 31 February
    assert parse_date("31/02/2016") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youm7.com/story/2020/8/24/slug/4943459", at(2020, 8, 24)),
        ("https://www.albayan.ae/news/2020-06-03-1.3874341", at(2020, 6, 3)),
        ("https://www.lefigaro.fr/international/slug-20241122", at(2024, 11, 22)),
        ("https://example.dz/ar/20160517/slug.html", at(2016, 5, 17)),
        ("https://lapresse.tn/48915/parite/", None),
    ],
)
def test_it_reads_dates_from_urls(url, expected):
    # it should find /YYYY/MM/DD/, YYYY-MM-DD and YYYYMMDD in the path only
    assert date_from_url(url) == expected


PUBLISHED = at(2016, 5, 17, 10, 30)


def test_it_prefers_the_structured_date():
    candidates = [
        (at(2016, 5, 18), "feed"),
        (PUBLISHED, "jsonld"),
        (at(2016, 5, 16), "visible_text"),
    ]
    # it should trust the article's own JSON-LD first
    assert choose_publication_date(candidates, now=NOW + timedelta(days=3)) == PUBLISHED


def test_it_falls_back_to_the_feed_date():
    candidates = [(at(2016, 5, 1), "visible_text"), (PUBLISHED, "feed")]
    # it should take the feed date over dates in the text
    assert choose_publication_date(candidates, now=NOW) == PUBLISHED


def test_it_ignores_a_misleading_copyright_year():
    candidates = [("© 2026", "copyright"), ("17 ماي 2016 10:30", "visible_text_near_title")]
    # it should not take the copyright line for the publication date
    assert choose_publication_date(candidates, now=NOW) == PUBLISHED


def test_it_ignores_dates_of_related_items():
    candidates = [(at(2016, 5, 17, 11), "related"), (PUBLISHED, "visible_text")]
    # it should skip the "read also" block
    assert choose_publication_date(candidates, now=NOW) == PUBLISHED


def test_it_rejects_future_and_ancient_dates():
    candidates = [(at(2016, 5, 20), "jsonld"), (at(1985, 1, 1), "meta"), (PUBLISHED, "time_tag")]
    # it should drop what lies after tomorrow or before 1990
    assert choose_publication_date(candidates, now=NOW) == PUBLISHED


def test_it_prefers_the_published_over_the_modified_meta():
    candidates = [
        (at(2016, 5, 17, 11), "meta:article:modified_time"),
        (PUBLISHED, "meta:article:published_time"),
    ]
    # it should rank a modification date last
    assert choose_publication_date(candidates, now=NOW) == PUBLISHED


def test_it_gives_a_url_date_the_time_printed_that_day():
    candidates = [(at(2016, 5, 17), "url"), (PUBLISHED, "visible_text_near_title")]
    # it should keep the URL's day and take the time from the page
    assert choose_publication_date(candidates, now=NOW) == PUBLISHED


def test_it_returns_none_without_candidates():
    # it should say it does not know
    assert choose_publication_date([], now=NOW) is None


def test_a_text_the_first_scans_pass_over_holds_no_date_the_patterns_find():
    # find_dates skips its patterns on a text with no digit (and, for relative dates, none
    # of their words): it should never skip one the patterns would have found a date in
    from akhbar.text import dates
    from eval import SHARED_DATA
    from eval.search import arabic_docs, french_docs

    lines = [
        line
        for path in (SHARED_DATA / "pages").glob("*/source.html")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    lines += [line for doc in arabic_docs()[:300] + french_docs() for line in doc.body.split("\n")]
    lines += ["منذ 3 ساعات", "il y a 2 jours", "3 days AGO", "5 hours ago, 2024-01-02", "أمس 10:30"]
    skipped = skipped_relative = 0
    for line in lines:
        folded = dates._fold(line)
        digits = dates._DIGIT.search(folded)
        if not digits:
            assert not dates._DATE.search(folded), line
        # with or without digits, relative dates are scanned for only with one of their
        # words, or "ago" after a number
        if not dates._RELATIVE_WORD.search(folded) and not (digits and dates._AGO.search(folded)):
            assert not dates._RELATIVE.search(folded), line
            skipped_relative += 1
            skipped += not digits
    assert skipped > len(lines) / 10  # the scans do pass over texts
    assert skipped_relative > skipped
