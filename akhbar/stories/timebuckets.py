"""Time buckets: the leading column of the band keys and of the story-term lookup index.

A new article's 42 band keys and dozen story terms are hashes and words: without a leading
time column they land at random places of indexes that hold every article ever folded, so
each fold dirtied about 50 pages scattered over the whole archive (and a checkpoint wrote
them back into a file of many gigabytes). With ``(bucket, key, …)`` the inserts of the
day stay in the newest bucket's part of each index, a few tens of megabytes however long the
archive, and the lookups (which read a window of days anyway) seek in the buckets that
window overlaps: at most three for the 28 days of the duplicate window, two for the story
window. (The band keys are now a table whose primary key is (bucket, key, article):
``news.BandKey``, migration ``news/0012``.)

A bucket is ``BUCKET_DAYS`` days since the Unix epoch (UTC); times before 1970 share
bucket 0. Migration ``news/0009_time_buckets`` computes the same numbers in SQL.
"""

from datetime import datetime

BUCKET_DAYS = 16
_SECONDS = 86400 * BUCKET_DAYS


def time_bucket(when: datetime | None) -> int | None:
    """The bucket of an aware datetime (``None`` for an article without a time)."""
    if when is None:
        return None
    return max(0, int(when.timestamp() // _SECONDS))


def buckets_between(low: datetime, high: datetime) -> list[int]:
    """Every bucket a lookup window from ``low`` to ``high`` overlaps, oldest first."""
    return list(range(time_bucket(low), time_bucket(high) + 1))
