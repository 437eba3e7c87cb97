"""When to poll a feed next, and when to call it broken (pure).

Without errors the interval follows how often the feed publishes: half the median gap between
its recent entries, so a feed that publishes hourly is read every 30 minutes. It is bounded by
`min_interval` and `max_interval` and never shorter than what the server asked for: RSS `<ttl>`,
Cache-Control `max-age` (or, without max-age, `Expires`), all capped at `max_interval` so a
far-future Expires cannot silence a feed for a year.

After errors the interval is an exponential backoff: 5 minutes, doubling with each consecutive
error, capped at 24 hours, with ±20 % jitter so feeds that failed together do not come back
together. A Retry-After is a floor in both cases (capped at 7 days).

A feed is broken when it has failed for more than 2 days AND at least 10 times in a row: both,
so that neither one flaky afternoon of many quick retries nor two failures spread over a long
weekend mark it broken. A broken feed keeps being polled, at the 24 h backoff cap.
"""

import random
import re
import statistics
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

BACKOFF_BASE = timedelta(minutes=5)
BACKOFF_CAP = timedelta(hours=24)
JITTER = 0.2
RETRY_AFTER_CAP = timedelta(days=7)
DEFAULT_INTERVAL = timedelta(hours=1)  # too few entries to learn a rhythm from
RECENT_ENTRIES = 20
BROKEN_AFTER = timedelta(days=2)
BROKEN_ERRORS = 10

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.I)


def next_check_at(
    now: datetime,
    *,
    entry_times: Iterable[datetime] = (),
    ttl_seconds: int | None = None,
    cache_control: str | None = None,
    expires: str | None = None,
    retry_after: float | None = None,
    consecutive_errors: int = 0,
    rng: random.Random | None = None,
    min_interval: timedelta = timedelta(minutes=5),
    max_interval: timedelta = timedelta(hours=24),
) -> datetime:
    """The moment a feed is next due (see the module docstring for the rules)."""
    if consecutive_errors > 0:
        interval = backoff_interval(consecutive_errors, rng or random.Random())
    else:
        interval = publishing_interval(now, entry_times, min_interval, max_interval)
        server_floor = max(_ttl(ttl_seconds), _freshness(now, cache_control, expires))
        interval = max(interval, min(server_floor, max_interval))
    # Retry-After is applied last: it overrides every bound, the jitter included.
    if retry_after is not None and retry_after > 0:
        interval = max(interval, min(timedelta(seconds=retry_after), RETRY_AFTER_CAP))
    return now + interval


def backoff_interval(consecutive_errors: int, rng: random.Random) -> timedelta:
    """5 min × 2^(errors − 1), capped at 24 h, then ±20 % jitter (never above the cap)."""
    exponent = min(consecutive_errors - 1, 20)  # 2^20 × 5 min is far past the cap already
    delay = min(BACKOFF_BASE * (2**exponent), BACKOFF_CAP)
    return min(delay * rng.uniform(1 - JITTER, 1 + JITTER), BACKOFF_CAP)


def publishing_interval(
    now: datetime, entry_times: Iterable[datetime], lowest: timedelta, highest: timedelta
) -> timedelta:
    """Half the median gap between the feed's recent entries, bounded."""
    times = sorted({t for t in entry_times if t <= now}, reverse=True)[:RECENT_ENTRIES]
    if len(times) < 2:
        return min(max(DEFAULT_INTERVAL, lowest), highest)
    gaps = [newer - older for newer, older in zip(times, times[1:], strict=False)]
    return min(max(statistics.median(gaps) / 2, lowest), highest)


def is_broken(consecutive_errors: int, first_error_at: datetime | None, now: datetime) -> bool:
    """Failing for more than 2 days and at least 10 times in a row."""
    if first_error_at is None or consecutive_errors < BROKEN_ERRORS:
        return False
    return now - first_error_at > BROKEN_AFTER


def _ttl(ttl_seconds: int | None) -> timedelta:
    return timedelta(seconds=ttl_seconds) if ttl_seconds and ttl_seconds > 0 else timedelta(0)


def _freshness(now: datetime, cache_control: str | None, expires: str | None) -> timedelta:
    """How long the response says it stays fresh: max-age wins over Expires (RFC 9111)."""
    directives = (cache_control or "").lower()
    if "no-store" in directives or "no-cache" in directives:
        return timedelta(0)
    match = _MAX_AGE.search(directives)
    if match:
        return timedelta(seconds=int(match.group(1)))
    return _until_expires(now, expires)


def _until_expires(now: datetime, expires: str | None) -> timedelta:
    try:
        moment = parsedate_to_datetime(expires or "")
    except (TypeError, ValueError, IndexError):
        return timedelta(0)  # "0", "-1" and junk mean "already expired"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(moment - now, timedelta(0))
