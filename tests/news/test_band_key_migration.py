"""Migrations news/0012 and 0013 move the band keys already stored into news_bandkey (on
SQLite a WITHOUT ROWID table whose primary key is the whole row), on SQLite and on
PostgreSQL, including the rows an old worker writes between the two."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from akhbar.news.sql import fetch
from akhbar.stories.timebuckets import time_bucket
from tests.news.migrating import migrate, migrate_to_latest, old_article

BEFORE = [("news", "0011_storykey_minhash")]
EXPANDED = [("news", "0012_band_keys")]
AFTER = [("news", "0013_drop_lshband")]
WHEN = datetime(2016, 5, 17, 9, 30, tzinfo=UTC)


def file_old_band_keys(state, article, keys) -> None:
    LshBand = state.get_model("news", "LshBand")
    for key in keys:
        LshBand.objects.create(article=article, key=key, at=WHEN, bucket=time_bucket(WHEN))


@pytest.mark.django_db(transaction=True)
def test_it_moves_the_band_keys_stored_before_and_those_old_workers_add_meanwhile():
    old = migrate(BEFORE)
    try:
        first = old_article(old, 1, WHEN)
        file_old_band_keys(old, first, [11, -12, 2**62])
        expanded = migrate(EXPANDED)
        # an old worker, still running during the upgrade, files another article's keys
        second = old_article(expanded, 2, WHEN)
        file_old_band_keys(expanded, second, [11, 21])
        new = migrate(AFTER)
        rows = new.get_model("news", "BandKey").objects.values_list("bucket", "key", "article_id")
        bucket = time_bucket(WHEN)
        # it should keep every band key with its bucket and article, the late ones included
        assert sorted(rows) == sorted(
            [
                (bucket, 11, first.pk),
                (bucket, -12, first.pk),
                (bucket, 2**62, first.pk),
                (bucket, 11, second.pk),
                (bucket, 21, second.pk),
            ]
        )
        # and the old table should be gone
        assert "news_lshband" not in connection.introspection.table_names()
    finally:
        migrate_to_latest()


@pytest.mark.django_db
def test_it_keys_a_band_key_by_its_whole_row():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "news_bandkey")
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "news_bandkey")
        ]
    (primary,) = [c["columns"] for c in constraints.values() if c["primary_key"]]
    # it should store (bucket, key, article) and nothing else, all three the primary key
    assert sorted(columns) == sorted(primary) == ["article_id", "bucket", "key"]
    if connection.vendor == "sqlite":
        ((sql,),) = fetch("SELECT sql FROM sqlite_master WHERE name = 'news_bandkey'")
        # and on SQLite keep it in one B-tree, with no rowid table beside it
        assert sql.rstrip().upper().endswith("WITHOUT ROWID")
