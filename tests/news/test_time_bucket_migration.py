"""Migrations news/0009 and 0010 give the band-key and story-term rows already stored the time
bucket the code computes (stories/timebuckets.py), in SQL, on SQLite and on PostgreSQL."""

from datetime import UTC, datetime

import pytest

from akhbar.stories.timebuckets import time_bucket
from tests.news.migrating import migrate, migrate_to_latest, old_article

BEFORE = [("news", "0008_drop_redundant_indexes")]
AFTER = [("news", "0010_drop_unbucketed_indexes")]
TIMES = [
    datetime(2016, 5, 17, 9, 30, tzinfo=UTC),
    datetime(2026, 11, 29, 23, 59, 59, tzinfo=UTC),
    datetime(1962, 7, 5, 12, 0, tzinfo=UTC),  # before the epoch: bucket 0
]


@pytest.mark.django_db(transaction=True)
def test_it_fills_the_buckets_of_rows_stored_before():
    old = migrate(BEFORE)
    try:
        story = old.get_model("news", "Story").objects.create(title="قصة")
        for n, when in enumerate(TIMES):
            article = old_article(old, n, when)
            old.get_model("news", "LshBand").objects.create(article=article, key=n, at=when)
            old.get_model("news", "StoryTerm").objects.create(
                term="كلمة", at=when, article=article, story=story
            )
        new = migrate(AFTER)
        for model in ("LshBand", "StoryTerm"):
            rows = new.get_model("news", model).objects.values_list("at", "bucket")
            # it should give each stored row the bucket the code computes for its time
            assert sorted(bucket for _, bucket in rows) == sorted(time_bucket(t) for t in TIMES)
            assert all(bucket == time_bucket(at) for at, bucket in rows)
    finally:
        migrate_to_latest()
