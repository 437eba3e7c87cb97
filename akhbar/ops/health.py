"""Source health: what is wrong with an outlet right now, and since when (pure rules).

The rules read plain numbers gathered by ``akhbar.ops.sourcehealth`` from the
feeds and the articles of each outlet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class FeedState:
    last_success_at: datetime | None
    last_checked_at: datetime | None
    consecutive_errors: int
    last_error_kind: str
    last_error: str
    broken_since: datetime | None


@dataclass
class BodyStats:
    recent_median_chars: float | None  # articles of the last 24 hours
    usual_median_chars: float | None  # articles of the 7 days before
    recent_count: int
    recent_empty: int


@dataclass
class Problem:
    code: str  # blocked, rate_limited, timing_out, feed_broken, failing, template_changed, quiet
    since: datetime | None


def feed_problem(feed: FeedState) -> Problem | None:
    """The problem a failing feed shows, named as an operator would say it."""
    if feed.consecutive_errors == 0:
        return None
    since = feed.broken_since or feed.last_success_at
    if feed.last_error_kind == "http" and "403" in feed.last_error:
        return Problem("blocked", since)
    if feed.last_error_kind == "http" and ("429" in feed.last_error or "503" in feed.last_error):
        return Problem("rate_limited", since)
    if feed.last_error_kind == "timeout":
        return Problem("timing_out", since)
    if feed.broken_since or feed.last_error_kind == "parse":
        return Problem("feed_broken", since)
    return Problem("failing", since)


def template_changed(stats: BodyStats, *, shrink: float = 0.5) -> bool:
    """Bodies suddenly empty, or much shorter than the outlet's usual: its template changed."""
    if stats.recent_count < 3:
        return False
    if stats.recent_empty / stats.recent_count >= 0.5:
        return True
    if not stats.recent_median_chars or not stats.usual_median_chars:
        return False
    return stats.recent_median_chars < shrink * stats.usual_median_chars


def source_problem(
    feeds: list[FeedState], stats: BodyStats, last_article_at: datetime | None, now: datetime
) -> Problem | None:
    """The outlet's current problem: its worst feed's, a template change, or silence."""
    problems = [p for p in (feed_problem(f) for f in feeds) if p]
    if feeds and len(problems) == len(feeds):
        return min(problems, key=lambda p: p.since or now)
    if template_changed(stats):
        return Problem("template_changed", now - timedelta(hours=24))
    if last_article_at and now - last_article_at > timedelta(days=2):
        return Problem("quiet", last_article_at)
    return problems[0] if problems else None
