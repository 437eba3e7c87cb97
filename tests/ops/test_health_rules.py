"""What is wrong with an outlet, named the way an operator says it (pure rules)."""

from datetime import UTC, datetime, timedelta

from akhbar.ops.health import BodyStats, FeedState, source_problem, template_changed

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HEALTHY = BodyStats(
    recent_median_chars=2000, usual_median_chars=2100, recent_count=10, recent_empty=0
)


def failing(kind: str, error: str = "", broken_since=None) -> FeedState:
    return FeedState(NOW - timedelta(hours=5), NOW, 3, kind, error, broken_since)


def test_it_names_each_kind_of_failure():
    cases = {
        ("http", "fetch: HTTP 403 Forbidden"): "blocked",
        ("http", "fetch: HTTP 429 Too Many Requests"): "rate_limited",
        ("timeout", "fetch: timed out"): "timing_out",
        ("parse", "parse: not a feed"): "feed_broken",
        ("connection", "fetch: connection reset"): "failing",
    }
    for (kind, error), expected in cases.items():
        problem = source_problem([failing(kind, error)], HEALTHY, NOW, NOW)
        # it should name the problem and date it from the last success
        assert (problem.code, problem.since) == (expected, NOW - timedelta(hours=5))


def test_it_sees_a_template_change_in_shrinking_bodies():
    # it should flag bodies suddenly much shorter than usual
    assert template_changed(BodyStats(400, 2000, 10, 0))
    # it should flag bodies suddenly empty
    assert template_changed(BodyStats(2000, 2000, 10, 6))
    # it should not flag the usual variation, or too few articles to judge
    assert not template_changed(BodyStats(1800, 2000, 10, 0))
    assert not template_changed(BodyStats(100, 2000, 2, 0))


def test_it_reports_a_quiet_outlet():
    problem = source_problem([], HEALTHY, NOW - timedelta(days=3), NOW)
    # it should say since when nothing came
    assert (problem.code, problem.since) == ("quiet", NOW - timedelta(days=3))


def test_it_says_nothing_when_all_is_well():
    ok = FeedState(NOW, NOW, 0, "", "", None)
    # it should report no problem
    assert source_problem([ok], HEALTHY, NOW, NOW) is None
