"""What is wrong with an outlet, named the way an operator says it (pure rules)."""

from datetime import UTC, datetime, timedelta

from akhbar.ops.health import (
    BodyStats,
    FeedState,
    http_status,
    quiet,
    source_problem,
    template_changed,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
HEALTHY = BodyStats([(2000, NOW - k * HOUR) for k in range(10)], usual_median_chars=2100)
HOURLY = [NOW - k * HOUR for k in range(30)]


def failing(kind: str, error: str = "", broken_since=None) -> FeedState:
    return FeedState(NOW - timedelta(hours=5), NOW, 1, kind, error, broken_since)


def ok() -> FeedState:
    return FeedState(NOW, NOW, 0, "", "", None)


def bodies(*lengths: int, usual: float = 2000) -> BodyStats:
    """Bodies newest first, stored an hour apart."""
    return BodyStats([(n, NOW - k * HOUR) for k, n in enumerate(lengths)], usual)


def test_it_names_each_kind_of_failure_after_one_failed_poll():
    cases = {
        ("http", "fetch: HTTP 403 from https://wakala.test/rss"): "blocked",
        ("http", "fetch: HTTP 429 from https://wakala.test/rss"): "rate_limited",
        ("http", "fetch: host asked us to retry after 28 s"): "rate_limited",
        ("http", "fetch: robots.txt unavailable, …: fetch: HTTP 429 from …"): "rate_limited",
        ("timeout", "fetch: timed out (ReadTimeout)"): "timing_out",
        ("parse", "parse: not a readable feed"): "feed_broken",
        ("connection", "fetch: connection reset"): "failing",
        ("http", "fetch: HTTP 500 from https://wakala.test/rss"): "failing",
    }
    for (kind, error), expected in cases.items():
        problem = source_problem([failing(kind, error)], HEALTHY, HOURLY)
        # it should name the problem, date it from the last success and keep the evidence
        assert (problem.code, problem.since) == (expected, NOW - timedelta(hours=5)), error
        assert problem.detail == error


def test_it_reads_the_status_not_any_three_digits():
    # it should not take a port or an article number for a status
    assert http_status("fetch: HTTP 500 from http://127.0.0.1:40312/article/403.html") == 500
    assert http_status("fetch: timed out at http://127.0.0.1:40312/") is None


def test_it_names_the_worst_problem_when_feeds_fail_differently():
    feeds = [failing("http", "fetch: HTTP 500 from x"), failing("http", "fetch: HTTP 403 from y")]
    # it should say blocked, not merely failing
    assert source_problem(feeds, HEALTHY, HOURLY).code == "blocked"


def test_it_still_reports_one_failing_feed_among_good_ones():
    feeds = [ok(), failing("parse", "parse: not a readable feed")]
    # it should not hide a broken section feed behind a working main feed
    assert source_problem(feeds, HEALTHY, HOURLY).code == "feed_broken"


def test_it_sees_a_template_change_in_the_newest_articles():
    # it should flag three bodies in a row suddenly empty, dated from the first of them
    problem = template_changed(bodies(0, 0, 0, 2100, 1900))
    assert (problem.code, problem.since) == ("template_changed", NOW - 2 * HOUR)
    # it should flag bodies suddenly much shorter than usual
    assert template_changed(bodies(300, 250, 400, 2000))
    # it should not flag the usual variation, a lone short dispatch, or too few to judge
    assert not template_changed(bodies(1500, 1800, 1200, 2000))
    assert not template_changed(bodies(0, 2000, 0, 0, 2000))
    assert not template_changed(bodies(0, 0, 2000))
    # it should not call an outlet that never had bodies "changed"
    assert not template_changed(bodies(0, 0, 0, usual=0))


def test_it_reports_a_quiet_outlet_as_of_the_last_good_poll():
    last = NOW - timedelta(days=3)
    problem = quiet([last - k * HOUR for k in range(30)], last_poll_at=NOW)
    # it should say since when nothing came
    assert (problem.code, problem.since) == ("quiet", last)
    # it should not call a night without articles silence
    assert quiet([NOW - 9 * HOUR, NOW - 10 * HOUR], last_poll_at=NOW) is None
    # it should allow an outlet that publishes weekly its week
    weekly = [NOW - timedelta(days=8 + 7 * k) for k in range(5)]
    assert quiet(weekly, last_poll_at=NOW) is None
    # it should not blame an outlet when our crawler is the one that stopped, days ago
    stopped = NOW - timedelta(days=3)
    assert quiet([stopped - k * HOUR for k in range(30)], last_poll_at=stopped) is None


def test_it_says_nothing_when_all_is_well():
    # it should report no problem
    assert source_problem([ok()], HEALTHY, HOURLY) is None
