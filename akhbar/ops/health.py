"""Source health: what is wrong with an outlet right now, and since when (pure rules).

The rules read plain values gathered by ``akhbar.ops.sourcehealth`` from the feeds and the
articles of each outlet. None of them reads the wall clock: each judges the evidence of the
latest polls, so one polling cycle is enough to see a fault, and a crawler that stopped
(rather than an outlet that went silent) makes no outlet look quiet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# Problems, worst first: when several feeds of an outlet fail, the page names the worst.
PROBLEMS = (
    "blocked",
    "rate_limited",
    "timing_out",
    "feed_broken",
    "failing",
    "template_changed",
    "quiet",
)
_STATUS = re.compile(r"\bHTTP (\d{3})\b")

# A template change: the outlet's newest articles, this many in a row at least, came out
# empty or under this share of its usual body length.
TEMPLATE_RUN = 3
TEMPLATE_SHRINK = 0.3
EMPTY_CHARS = 50
# Quiet: no new article for twice the longest gap between its recent articles, and for a day
# at least (a night or a weekend is not silence); two days when its rhythm is unknown.
QUIET_FACTOR = 2
QUIET_FLOOR = timedelta(days=1)
QUIET_UNKNOWN = timedelta(days=2)


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
    """Body lengths of the outlet's newest articles, newest first, with the time each was
    read, and the median length of the articles before them."""

    newest: list[tuple[int, datetime]] = field(default_factory=list)
    usual_median_chars: float | None = None


@dataclass
class Problem:
    code: str  # one of PROBLEMS
    since: datetime | None
    detail: str = ""  # the evidence, for the operator: the last error, the short bodies


def http_status(error: str) -> int | None:
    """The HTTP status an error message names (`fetch: HTTP 403 from …`), if any."""
    match = _STATUS.search(error)
    return int(match.group(1)) if match else None


def feed_problem(feed: FeedState) -> Problem | None:
    """The problem a failing feed shows, named as an operator would say it.

    One failed poll is evidence enough: a 403 means blocked at once, without waiting for the
    feed to be marked broken. "Since" is the last success (or, for a feed never read, its
    first failed check): the feed has not been read since then.
    """
    if feed.consecutive_errors == 0:
        return None
    since = feed.broken_since or feed.last_success_at or feed.last_checked_at
    status = http_status(feed.last_error) if feed.last_error_kind == "http" else None
    code = "failing"
    if status == 403:
        code = "blocked"
    elif status in (429, 503) or "retry after" in feed.last_error:
        code = "rate_limited"  # the host asked us to come back later
    elif feed.last_error_kind == "timeout":
        code = "timing_out"
    elif feed.broken_since or feed.last_error_kind == "parse":
        code = "feed_broken"
    return Problem(code, since, feed.last_error)


def template_changed(stats: BodyStats, *, run: int = TEMPLATE_RUN) -> Problem | None:
    """Bodies suddenly empty, or much shorter than the outlet's usual: its template changed.

    The evidence is the newest articles in a row, not a time window, so the first poll that
    stores `run` of them shows it; "since" is when the first of them was read.
    """
    usual = stats.usual_median_chars
    if not usual or usual < EMPTY_CHARS:
        return None  # no usual length to compare with (a new outlet, or always short)
    short = []
    for length, stored_at in stats.newest:
        if length >= max(EMPTY_CHARS, TEMPLATE_SHRINK * usual):
            break
        short.append((length, stored_at))
    if len(short) < run:
        return None
    lengths = ", ".join(str(n) for n, _ in short)
    detail = f"last {len(short)} bodies: {lengths} characters (usual {usual:.0f})"
    return Problem("template_changed", min(stored_at for _, stored_at in short), detail)


def quiet(published: list[datetime], last_poll_at: datetime | None) -> Problem | None:
    """No new article for much longer than the outlet's usual gaps, as of our last good poll.

    `published` holds its recent publication times, newest first. The silence is measured at
    the last successful poll, not at the wall clock: if our crawler stops, outlets do not go
    quiet, and the page shows an old "last successful fetch" instead.
    """
    if not published or last_poll_at is None:
        return None
    times = sorted((t for t in published if t <= last_poll_at), reverse=True)
    if not times:
        return None
    gaps = [newer - older for newer, older in zip(times, times[1:], strict=False)]
    allowed = max(QUIET_FLOOR, QUIET_FACTOR * max(gaps)) if gaps else QUIET_UNKNOWN
    if last_poll_at - times[0] <= allowed:
        return None
    return Problem("quiet", times[0], f"nothing new for {last_poll_at - times[0]}")


def worst(problems: list[Problem]) -> Problem:
    """The worst problem; among equals, the oldest."""
    return min(problems, key=lambda p: (PROBLEMS.index(p.code), p.since is None, p.since or 0))


def source_problem(
    feeds: list[FeedState], stats: BodyStats, published: list[datetime]
) -> Problem | None:
    """The outlet's current problem: its feeds' worst, a template change, or silence."""
    problems = [p for p in (feed_problem(f) for f in feeds) if p]
    if feeds and len(problems) == len(feeds):
        return worst(problems)
    last_poll_at = max((f.last_success_at for f in feeds if f.last_success_at), default=None)
    changed = template_changed(stats)
    silent = quiet(published, last_poll_at)
    # some feeds failing, others read: the failure still wants the operator's eye
    candidates = problems + [p for p in (changed, silent) if p]
    return worst(candidates) if candidates else None
