# Contract: drop the band-key and story-term lookup indexes that 0009's bucketed ones
# replace. Rows written by workers still on the old code between 0009 and now have no bucket:
# they are filled first (0009's backfill again, which only touches rows without a bucket),
# so the new lookups find them.

from importlib import import_module

from django.db import migrations

expand = import_module("akhbar.news.migrations.0009_time_buckets")


class Migration(migrations.Migration):
    contract = True

    dependencies = [
        ("news", "0009_time_buckets"),
    ]

    operations = [
        migrations.RunPython(expand.fill_buckets, migrations.RunPython.noop, elidable=False),
        migrations.RemoveIndex(model_name="lshband", name="lshband_key_at_idx"),
        migrations.RemoveIndex(model_name="storyterm", name="storyterm_term_at_article_idx"),
    ]
