"""Dates as Arab sites write them, and misleading dates around them."""

import re
from datetime import date

import pytest

from akhbar.newsweb import dates

from .conftest import live, page_text

MARKERS = {
    "maghrebi": "|".join(dates.MAGHREBI[:7] + ["أوت"]),
    "levantine": "|".join(dates.LEVANTINE),
    "egyptian_indic": "[٠-٩]{4}",
    "dashed": r"\d\d - \d\d - \d{4}",
    "hijri": r"\d{4} هـ - الموافق",
}


def article(web, client, style):
    entries = [e for e in live(web, date_style=style, languages=("ar",)) if not e["wire_group"]]
    entry = entries[0]
    return entry, page_text(client.get(entry["url"]), web.outlet(entry["outlet"]).encoding)


@pytest.mark.parametrize("style", sorted(MARKERS))
def test_it_writes_each_date_style_in_visible_text(web, client, style):
    _, text = article(web, client, style)
    date_span = re.search(r'class="date"[^>]*>([^<]+)<', text).group(1)
    # it should show the date the way this style writes it
    assert re.search(MARKERS[style], date_span), date_span


def test_it_puts_iso_dates_in_meta_on_some_outlets_only(web, client):
    entry, text = article(web, client, "iso_meta")
    # it should carry the ISO instant in <meta> and <time datetime>
    assert f'<meta property="article:published_time" content="{entry["published"]}">' in text
    _, other = article(web, client, "dashed")
    # it should carry no ISO date on visible-only outlets
    assert "article:published_time" not in other


def test_it_writes_relative_dates_for_fresh_articles(web, client):
    outlet = next(o for o in web.outlets if o.date_style == "maghrebi" and o.languages == ("ar",))
    fresh = [i for i in web.site.by_outlet[outlet.index] if i.published > web.clock.now()]
    web.clock.advance((fresh[-1].published - web.clock.now()).total_seconds() + 3 * 3600 + 60)
    text = page_text(client.get(fresh[-1].url), outlet.encoding)
    # it should say "منذ 3 ساعات" three hours after publication
    assert "منذ 3 ساعات" in text


def test_it_converts_to_the_hijri_calendar():
    # it should put 11 December 2016 in Rabi al-Awwal 1438
    year, month, day = dates.hijri_date(date(2016, 12, 11))
    assert (year, month) == (1438, 3) and day in (11, 12)


def test_it_surrounds_the_date_with_misleading_ones(web, client):
    _, text = article(web, client, "dashed")
    # it should show the copyright years, today's date and the related items' dates
    assert re.search(r"© 2009 - \d{4}", text)
    assert 'class="today"' in text
    assert re.search(r'<span class="date">\d\d/\d\d/\d{4}</span>', text)
