"""Time buckets: the numbers that lead the band-key and story-term lookup indexes."""

from datetime import UTC, datetime, timedelta, timezone

from akhbar.stories.timebuckets import BUCKET_DAYS, buckets_between, time_bucket

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def test_a_bucket_counts_whole_spans_of_days_since_the_epoch():
    start = EPOCH + timedelta(days=BUCKET_DAYS * 1255)
    # it should put the first and the last second of a span in one bucket, the next in the next
    assert time_bucket(start) == time_bucket(start + timedelta(days=BUCKET_DAYS, seconds=-1))
    assert time_bucket(start) == 1255
    assert time_bucket(start + timedelta(days=BUCKET_DAYS)) == 1256


def test_a_bucket_is_the_same_instant_in_any_time_zone():
    algiers = datetime(2026, 11, 20, 0, 30, tzinfo=UTC).astimezone(timezone(timedelta(hours=1)))
    # it should bucket by the UTC instant, as the migration's SQL does on stored UTC times
    assert time_bucket(algiers) == time_bucket(datetime(2026, 11, 20, 0, 30, tzinfo=UTC))


def test_times_before_1970_and_missing_times():
    # it should put old dates in bucket 0 (as the SQL backfill does) and give no bucket to
    # an article without a time
    assert time_bucket(datetime(1962, 7, 5, tzinfo=UTC)) == 0
    assert time_bucket(None) is None


def test_a_window_covers_every_bucket_it_overlaps():
    boundary = EPOCH + timedelta(days=BUCKET_DAYS * 1256)
    # it should list both buckets of a window across a boundary, one for a window inside one
    assert buckets_between(boundary - timedelta(hours=1), boundary) == [1255, 1256]
    assert buckets_between(boundary, boundary + timedelta(hours=72)) == [1256]
    # the 28 days of the duplicate window never span more than three buckets
    assert len(buckets_between(boundary - timedelta(days=14), boundary + timedelta(days=14))) <= 3
