# Additive: the LSH band keys move to news_bandkey, whose primary key (bucket, key, article)
# is the whole row. On SQLite the table is created WITHOUT ROWID: a band key is an entry of
# about 21 bytes in the table and one of 19 in the (article) index, where news_lshband kept
# three B-trees (its rows; the (bucket, key, at, article) lookup index; the (article)
# index), about 117 bytes per band key. Each fold inserts 42 band keys: at 10 k articles the
# WAL pages a fold writes went from 96 to 89, and on a 1 M archive the band keys take about
# 1.7 GB instead of 4.9 GB (docs/STORIES.md). The duplicate window is checked on the
# candidates' story keys (their `at`), so the band keys need no time of their own.
#
# The existing rows are copied here; news_lshband stays until the contract migration 0013,
# which copies again the rows that workers still on the old code wrote meanwhile.

import django.db.models.deletion
from django.db import migrations, models

SQLITE_TABLE = (
    'CREATE TABLE "news_bandkey" ('
    '"bucket" integer NOT NULL, "key" bigint NOT NULL, '
    '"article_id" bigint NOT NULL REFERENCES "news_article" ("id") DEFERRABLE INITIALLY DEFERRED, '
    'PRIMARY KEY ("bucket", "key", "article_id")) WITHOUT ROWID'
)
SQLITE_INDEX = 'CREATE INDEX "bandkey_article_idx" ON "news_bandkey" ("article_id")'
# Rows written before migration 0009 filled the buckets have none only if 0009 found no
# time; such rows were never found by a lookup either.
COPY = (
    "INSERT INTO news_bandkey (bucket, key, article_id) "
    "SELECT bucket, key, article_id FROM news_lshband WHERE bucket IS NOT NULL "
    "ORDER BY bucket, key, article_id ON CONFLICT DO NOTHING"
)


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TABLE)
        schema_editor.execute(SQLITE_INDEX)
    else:
        schema_editor.create_model(apps.get_model("news", "BandKey"))


def drop_table(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("news", "BandKey"))


def copy_band_keys(apps, schema_editor):
    schema_editor.execute(COPY)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0011_storykey_minhash"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BandKey",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "bucket",
                                "key",
                                "article",
                                blank=True,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("bucket", models.IntegerField(verbose_name="time bucket")),
                        ("key", models.BigIntegerField(verbose_name="band key")),
                        (
                            "article",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="band_keys",
                                to="news.article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "LSH band key",
                        "verbose_name_plural": "LSH band keys",
                        "indexes": [
                            models.Index(fields=["article"], name="bandkey_article_idx"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(create_table, drop_table, elidable=False),
        migrations.RunPython(copy_band_keys, migrations.RunPython.noop, elidable=False),
    ]
