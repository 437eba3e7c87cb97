"""Provenance: agency credits, first publisher, timeline (pure)."""

from datetime import UTC, datetime, timedelta

import pytest

from akhbar.stories.provenance import (
    Publication,
    agency_credits,
    first_published,
    outlets_in_order,
    timeline,
)

T0 = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "author, body, expected",
    [
        ("(واج)", "", ["APS"]),
        ("", "الجزائر - (واج) - أعلنت الوزارة", ["APS"]),
        ("", "نص الخبر (و.أ.ج)", ["APS"]),
        ("", "حسب وكالة الأنباء الجزائرية", ["APS"]),
        ("ALGER (APS) -", "", ["APS"]),
        ("", "Paris (AFP) - texte", ["AFP"]),
        ("رويترز", "", ["Reuters"]),
        ("", "London (Reuters) - text", ["Reuters"]),
        ("الرياض - واس", "", ["SPA"]),
        ("", "مشروع واسع النطاق لتوسيع الطرق", []),
        ("سليم بوخالفة", "نص بلا وكالة", []),
    ],
)
def test_it_detects_agency_credits(author, body, expected):
    # it should find whole-word credits in the byline and the dateline, and nothing else
    assert agency_credits(author, body) == expected


def test_it_names_the_earliest_publication_first():
    late = Publication(1, 10, T0 + timedelta(hours=2), T0 + timedelta(hours=2))
    early = Publication(2, 20, T0, T0 + timedelta(hours=3))
    # it should go by publication time, not by the order we read them
    assert first_published([late, early]) == early


def test_it_breaks_ties_by_ingestion_time():
    a = Publication(1, 10, T0, T0 + timedelta(minutes=30))
    b = Publication(2, 20, T0, T0 + timedelta(minutes=5))
    # it should pick the one we ingested first when both say the same time
    assert first_published([a, b]) == b


def test_it_puts_unknown_dates_last():
    undated = Publication(1, 10, None, T0)
    dated = Publication(2, 20, T0 + timedelta(days=1), T0 + timedelta(days=1))
    # it should not let a missing date win
    assert timeline([undated, dated]) == [dated, undated]


def test_it_lists_outlets_in_order_once_each():
    items = [
        Publication(1, 10, T0 + timedelta(hours=1), T0),
        Publication(2, 20, T0, T0),
        Publication(3, 10, T0 + timedelta(hours=2), T0),
    ]
    # it should name each outlet once, by its first publication
    assert outlets_in_order(items) == [20, 10]
