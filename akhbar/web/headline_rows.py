"""The HTML of lists of headlines, written in Python: the one place that holds their markup.

A page lists up to 150 headlines (the ticker, the front page, the home sections, an outlet's
page). A row written by the template language costs 15 to 30 µs (a dozen variables, filters
and tags, each resolved and escaped); formatted here it costs a few. Each row is escaped as
the template's autoescaping did, and ``tests/web/test_headline_rows.py`` pins that the lists
come out exactly as the templates they replace wrote them. The catalogs' texts go in as they
stand, unescaped: Django takes the translation of a template's literal as safe.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from akhbar.web.digits import ARABIC_INDIC, arabic_digits_chosen
from akhbar.web.headlines import Day, Headline

HEADLINE_LINK = '<a class="headline" href="{url}" dir="auto" lang="{language}">{title}</a>'

# The rows of the short lists, by list (web/base.html's ticker, the home page's lists below).
ROWS = {
    "ticker": (
        '<li><a href="{url}" dir="auto" lang="{language}">{title}</a>'
        ' <span class="outlet">{outlet}</span></li>'
    ),
    "most_read": f'<li>{HEADLINE_LINK} <span class="meta">{{outlet}}</span></li>',
    "section": f'<li>{HEADLINE_LINK} <span class="meta">{{outlet}}{{published}}</span></li>',
    "per_outlet": (
        f'<li><a class="outlet-name" href="{{outlet_url}}">{{outlet}}</a> {HEADLINE_LINK}</li>'
    ),
}

# A row of the full lists (the front page, an outlet's days, a section, the article's
# story and related headlines), with the other outlets that ran the same wire copy.
LIST_ROW = (
    "\n  <li>\n"
    f"    {HEADLINE_LINK}\n"
    '    <span class="meta"><a href="{outlet_url}">{outlet}</a>{published}</span>\n'
    "    {also}\n"
    "  </li>\n"
)
LIST = '<ul class="article-list">\n{rows}\n</ul>\n'
EMPTY_LIST_ROW = '\n  <li class="empty">{}</li>\n'
# An outlet's page: its headlines under the day they were published.
DAY = (
    '<section class="day" aria-labelledby="day-{number}">\n'
    '  <h2 id="day-{number}">{heading}</h2>\n'
    "  {articles}\n"
    "</section>"
)
DAY_HEADING = '<a href="{url}"><time datetime="{iso}">{label}</time></a>'
NO_DAYS = '<p class="empty">{}</p>'
PUBLISHED = ' · <time datetime="{iso}">{day}</time>'
ALSO = '<span class="also">{label} {names}{more}</span>'
OTHER_OUTLETS_NAMED = 3  # the rest are counted
# The home page's lists below its front page: the day's most read, a section per category,
# each outlet's latest (what web/_home_sections.html wrote before, an empty list left out).
MOST_READ = (
    '<section class="most-read" aria-labelledby="most-read-title">\n'
    '  <h2 id="most-read-title">{title}</h2>\n'
    '  <ol class="article-list ranked">{rows}</ol>\n'
    "</section>"
)
HOME_SECTION = (
    '<section class="home-section" aria-labelledby="section-{slug}">\n'
    '  <h2 id="section-{slug}"><a href="{url}">{name}</a></h2>\n'
    '  <ul class="article-list">{rows}</ul>\n'
    "</section>"
)
PER_OUTLET = (
    '<section class="per-outlet" aria-labelledby="per-outlet-title">\n'
    '  <h2 id="per-outlet-title">{title}</h2>\n'
    '  <ul class="article-list">{rows}</ul>\n'
    "</section>"
)


def headline_rows(items: list[Headline], kind: str) -> SafeString:
    """The ``<li>`` rows of one of the short lists (a key of ``ROWS``)."""
    row, digits = ROWS[kind], reader_digits()
    return mark_safe("".join(row.format_map(_fields(item, digits)) for item in items))


def home_sections(
    most_read: list[Headline], sections: list, per_outlet: list[Headline]
) -> SafeString:
    """The home page's lists after the front page: the day's most read, then each category's
    latest (``(section, headlines)`` pairs, ``queries.category_sections``), then each
    outlet's latest."""
    parts = ["", "", ""]
    if most_read:
        rows = headline_rows(most_read, "most_read")
        parts[0] = MOST_READ.format(title=gettext("Most read today"), rows=rows)
    parts[1] = "".join(
        HOME_SECTION.format(
            slug=escaped_once(section.slug),
            url=escaped_once(section.url),
            name=escaped_once(section.display_name),
            rows=headline_rows(items, "section"),
        )
        for section, items in sections
    )
    if per_outlet:
        rows = headline_rows(per_outlet, "per_outlet")
        parts[2] = PER_OUTLET.format(title=gettext("Latest from each outlet"), rows=rows)
    return mark_safe("\n".join(parts) + "\n")


def article_list(items: list[Headline]) -> SafeString:
    """A full list, ``<ul class="article-list">``, each row with its other outlets."""
    digits = reader_digits()
    rows = "".join(
        LIST_ROW.format_map({**_fields(item, digits), "also": _also(item, digits)})
        for item in items
    )
    return mark_safe(LIST.format(rows=rows or EMPTY_LIST_ROW.format(gettext("No articles yet."))))


def day_sections(days: list[Day]) -> SafeString:
    """The sections of an outlet's page, one per day (``headlines.by_day``), each heading
    linking to the day's archive, the undated last."""
    digits = reader_digits()
    sections = "".join(
        DAY.format(
            number=number, heading=_day_heading(day, digits), articles=article_list(day.headlines)
        )
        for number, day in enumerate(days, start=1)
    )
    return mark_safe(sections or NO_DAYS.format(gettext("No articles yet.")))


def _day_heading(day: Day, digits: dict | None) -> str:
    if day.date is None:
        return gettext("Undated")
    label = escape(written(day.label, digits))
    return DAY_HEADING.format(url=escape(day.url), iso=escape(day.iso), label=label)


def _fields(item: Headline, digits: dict | None) -> dict[str, str]:
    # A home page escapes about 900 values: each row's title and address, and values that
    # repeat from row to row (outlets' names and addresses, languages), escaped once and
    # remembered. A day and an ISO time are digits and punctuation that escaping leaves as
    # they are.
    outlet = item.source
    published = ""
    if item.published_at:
        iso = item.published_iso
        # the day ("DD - MM - YYYY", ``published_on``) cut from the ISO text: its digits
        # are the same, padded the same, and slicing costs less than formatting them again
        day = written(f"{iso[8:10]} - {iso[5:7]} - {iso[:4]}", digits)
        published = PUBLISHED.format(iso=iso, day=day)
    return {
        "url": escape(item.url),
        "language": escaped_once(item.language),
        "title": escape(item.title),
        "outlet": escaped_once(outlet.display_name),
        "outlet_url": escaped_once(outlet.url),
        "published": published,
    }


@lru_cache(maxsize=4096)
def escaped_once(value: str) -> str:
    return escape(value)


def _also(item: Headline, digits: dict | None) -> str:
    """The "Also published by" line: the first outlets' names, then how many more."""
    others = item.other_outlets
    if not others:
        return ""
    names = "، ".join(escape(outlet.display_name) for outlet in others[:OTHER_OUTLETS_NAMED])
    more = len(others) - OTHER_OUTLETS_NAMED
    counted = ""
    if more > 0:
        phrase = ngettext("and %(counter)s other outlet", "and %(counter)s other outlets", more)
        counted = " " + written(phrase % {"counter": more}, digits)
    return ALSO.format(label=gettext("Also published by"), names=names, more=counted)


def reader_digits() -> dict | None:
    """The table that writes the reader's digits (see ``arabic_digits_chosen``), if any:
    read once per list, as the ``digits`` filter would read it once per row."""
    return ARABIC_INDIC if arabic_digits_chosen() else None


def written(text: str, digits: dict | None) -> str:
    """`text` with the reader's digits (the ``digits`` filter)."""
    return text.translate(digits) if digits else text
