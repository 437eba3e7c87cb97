"""Scheduling: every header case in a named table, like miniflux's ScheduleNextCheck tests."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from akhbar.ingest.schedule import backoff_interval, is_broken, next_check_at

NOW = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
HOURLY = [NOW - timedelta(hours=h) for h in range(10)]
EVERY_TWO_MINUTES = [NOW - timedelta(minutes=2 * m) for m in range(10)]
WEEKLY = [NOW - timedelta(days=7 * w) for w in range(5)]

CASES = {
    # name: (keyword arguments, expected interval)
    "hourly feed: half the median gap": ({"entry_times": HOURLY}, timedelta(minutes=30)),
    "busy feed: bounded below": ({"entry_times": EVERY_TWO_MINUTES}, timedelta(minutes=5)),
    "weekly feed: bounded above": ({"entry_times": WEEKLY}, timedelta(hours=24)),
    "no entries: the default hour": ({}, timedelta(hours=1)),
    "one entry: the default hour": ({"entry_times": HOURLY[:1]}, timedelta(hours=1)),
    "future entries ignored": (
        {"entry_times": [*HOURLY, NOW + timedelta(minutes=1)]},
        timedelta(minutes=30),
    ),
    "rss ttl longer: ttl wins": ({"entry_times": HOURLY, "ttl_seconds": 7200}, timedelta(hours=2)),
    "rss ttl shorter: rhythm wins": (
        {"entry_times": HOURLY, "ttl_seconds": 600},
        timedelta(minutes=30),
    ),
    "max-age longer: max-age wins": (
        {"entry_times": HOURLY, "cache_control": "public, max-age=3600"},
        timedelta(hours=1),
    ),
    "max-age beyond the cap: capped": (
        {"entry_times": HOURLY, "cache_control": "max-age=604800"},
        timedelta(hours=24),
    ),
    "no-cache: no floor": (
        {"entry_times": HOURLY, "cache_control": "no-cache, max-age=3600"},
        timedelta(minutes=30),
    ),
    "expires in 2 h: expires wins": (
        {"entry_times": HOURLY, "expires": "Sun, 29 Nov 2026 08:00:00 GMT"},
        timedelta(hours=2),
    ),
    "expires in the past: ignored": (
        {"entry_times": HOURLY, "expires": "Sat, 28 Nov 2026 08:00:00 GMT"},
        timedelta(minutes=30),
    ),
    "expires invalid: ignored": ({"entry_times": HOURLY, "expires": "0"}, timedelta(minutes=30)),
    "max-age beats expires": (
        {"cache_control": "max-age=600", "expires": "Sun, 29 Nov 2026 10:00:00 GMT"},
        timedelta(hours=1),  # the default hour is above max-age's 10 minutes
    ),
    "retry-after beyond the rhythm": (
        {"entry_times": HOURLY, "retry_after": 5400},
        timedelta(minutes=90),
    ),
    "retry-after beyond 24 h is kept": ({"retry_after": 2 * 86400}, timedelta(days=2)),
    "retry-after capped at 7 days": ({"retry_after": 30 * 86400}, timedelta(days=7)),
    "custom bounds": (
        {"entry_times": EVERY_TWO_MINUTES, "min_interval": timedelta(minutes=1)},
        timedelta(minutes=1),
    ),
}


@pytest.mark.parametrize(("kwargs", "interval"), CASES.values(), ids=CASES.keys())
def test_it_schedules_the_next_check(kwargs, interval):
    # it should follow the documented rule for this case
    assert next_check_at(NOW, **kwargs) - NOW == interval


BACKOFF = {
    "first error: about 5 min": (1, timedelta(minutes=5)),
    "second error: about 10 min": (2, timedelta(minutes=10)),
    "fifth error: about 80 min": (5, timedelta(minutes=80)),
    "many errors: capped at 24 h": (40, timedelta(hours=24)),
}


@pytest.mark.parametrize(("errors", "base"), BACKOFF.values(), ids=BACKOFF.keys())
def test_it_backs_off_exponentially_with_jitter(errors, base):
    rng = random.Random(4)
    intervals = [next_check_at(NOW, consecutive_errors=errors, rng=rng) - NOW for _ in range(50)]
    # it should stay within ±20 % of the base delay and never exceed 24 h
    assert all(base * 0.8 <= i <= min(base * 1.2, timedelta(hours=24)) for i in intervals)
    # it should spread feeds that failed together (below the cap)
    assert len(set(intervals)) > 1 or base == timedelta(hours=24)


def test_it_never_retries_before_retry_after_even_when_backing_off():
    moment = next_check_at(NOW, consecutive_errors=1, retry_after=3600, rng=random.Random(1))
    # it should wait the hour the server asked for, not the 5 minute backoff
    assert moment - NOW == timedelta(hours=1)


def test_it_ignores_the_publishing_rhythm_while_failing():
    moment = next_check_at(NOW, entry_times=WEEKLY, consecutive_errors=1, rng=random.Random(1))
    # it should come back after the short backoff, not the weekly rhythm
    assert moment - NOW <= timedelta(minutes=6)


def test_it_is_deterministic_with_a_seeded_rng():
    a = backoff_interval(3, random.Random(7))
    # it should give the same jitter for the same seed
    assert a == backoff_interval(3, random.Random(7))


BROKEN = {
    "healthy": (0, None, False),
    "many errors in one day": (30, NOW - timedelta(days=1), False),
    "few errors over a week": (5, NOW - timedelta(days=7), False),
    "10 errors over 3 days": (10, NOW - timedelta(days=3), True),
    "exactly 2 days": (12, NOW - timedelta(days=2), False),
    "errors without a first date": (12, None, False),
}


@pytest.mark.parametrize(("errors", "since", "broken"), BROKEN.values(), ids=BROKEN.keys())
def test_it_calls_a_feed_broken_only_after_days_and_many_errors(errors, since, broken):
    # it should require both more than 2 days of failure and at least 10 errors in a row
    assert is_broken(errors, since, NOW) is broken
