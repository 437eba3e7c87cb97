"""Fixed-window rate limits kept in Django's cache (Redis when configured, so shared)."""

from __future__ import annotations

import time

from django.core.cache import cache


def hit(bucket: str, limit: int, window: int, now: float | None = None) -> int | None:
    """Count one hit; return None when allowed, or the seconds to wait (Retry-After)."""
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    key = f"akhbar:rl:{bucket}:{window_start}"
    # add() then incr() is atomic in every cache backend Django ships (Redis INCR;
    # the local-memory cache holds a lock), so concurrent hits are all counted.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, int(window_start + window - now))
