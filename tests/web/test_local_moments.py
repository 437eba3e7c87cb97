"""The article page's moments written as Django's ``date`` filter wrote them."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone

MOMENTS = [
    datetime(2026, 3, 5, 7, 4, 9, tzinfo=UTC),
    datetime(2026, 11, 20, 23, 30, 0, 123456, tzinfo=UTC),  # the next day in Algiers
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=ZoneInfo("Europe/Paris")),
    datetime(1999, 12, 31, 23, 59, 59),  # naive
    None,
]
PAIRS = [("date:'c'", "local_iso"), ('date:"d - m - Y"', "local_day")]


def _render(expression: str, moment) -> str:
    text = "{% load akhbar_pages %}{{ moment|" + expression + " }}"
    return Template(text).render(Context({"moment": moment}))


@pytest.mark.parametrize("zone", ["Africa/Algiers", "Europe/Paris", "America/St_Johns"])
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize(("django", "ours"), PAIRS)
def test_it_writes_a_moment_as_the_date_filter_did(zone, moment, django, ours):
    with override_settings(TIME_ZONE=zone), timezone.override(ZoneInfo(zone)):
        # it should write the same text, in the site's time zone
        assert _render(ours, moment) == _render(django, moment)
