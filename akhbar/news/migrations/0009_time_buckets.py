# Additive: the band-key and story-term rows get the time bucket of their `at`
# (stories/timebuckets.py: 16-day buckets since the Unix epoch, UTC; times before 1970 in
# bucket 0), and the lookup indexes become (bucket, key, at, article) and
# (bucket, term, at, article). Without a leading time column each new article inserted its
# 42 band keys and its terms at random places of indexes as long as the archive; with it the
# inserts stay in the newest bucket's part. Existing rows are filled from `at` here. The old
# indexes are left to the contract migration 0010 (old workers may still run during an
# upgrade; it fills the rows they write meanwhile before dropping them).

from django.db import migrations, models

BUCKET_DAYS = 16  # stories.timebuckets.BUCKET_DAYS when this migration was written

BACKFILL = {
    "sqlite": (
        "UPDATE {table} SET bucket = MAX(0, CAST(julianday(at) - 2440587.5 AS INTEGER) / "
        f"{BUCKET_DAYS}) WHERE at IS NOT NULL AND bucket IS NULL"
    ),
    "postgresql": (
        "UPDATE {table} SET bucket = GREATEST(0, FLOOR(EXTRACT(EPOCH FROM at) / "
        f"{86400 * BUCKET_DAYS})::integer) WHERE at IS NOT NULL AND bucket IS NULL"
    ),
}


def fill_buckets(apps, schema_editor):
    sql = BACKFILL[schema_editor.connection.vendor]
    for table in ("news_lshband", "news_storyterm"):
        schema_editor.execute(sql.format(table=table))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_drop_redundant_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="lshband",
            name="bucket",
            field=models.IntegerField(null=True, verbose_name="time bucket"),
        ),
        migrations.AddField(
            model_name="storyterm",
            name="bucket",
            field=models.IntegerField(null=True, verbose_name="time bucket"),
        ),
        migrations.RunPython(fill_buckets, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="lshband",
            index=models.Index(
                fields=["bucket", "key", "at", "article"], name="lshband_bucket_key_at_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="storyterm",
            index=models.Index(
                fields=["bucket", "term", "at", "article"], name="storyterm_bucket_term_idx"
            ),
        ),
    ]
