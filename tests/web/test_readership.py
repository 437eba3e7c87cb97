"""The daily read counter behind "most read today"."""

from datetime import date

import pytest
from django.db.models import QuerySet

from akhbar.readership.models import ArticleView
from akhbar.readership.service import count_view, most_read_ids

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
    real_update = QuerySet.update
    missed = []

    def first_update_misses(queryset, **changes):
        if queryset.model is ArticleView and not missed:
            missed.append(1)  # as if it ran before the other reader's INSERT committed
            return 0
        return real_update(queryset, **changes)

    monkeypatch.setattr(QuerySet, "update", first_update_misses)
    count_view(dispatch.pk, day=day)
    # it should fall back to the UPDATE after the INSERT clashes, losing no reading
    assert ArticleView.objects.get(article=dispatch, day=day).count == 6


def test_it_ranks_the_days_most_read(dispatch, wire_copy):
    day = date(2026, 11, 20)
    count_view(dispatch.pk, day=day)
    for _ in range(3):
        count_view(wire_copy.pk, day=day)
    # it should put the most read first, and only that day's
    assert most_read_ids(day) == [wire_copy.pk, dispatch.pk]
    assert most_read_ids(date(2026, 11, 21)) == []
