# Contract: drop news_lshband, which 0012's news_bandkey replaces. The band keys that workers
# still on the old code wrote between 0012 and now are copied first (0012's copy again; the
# rows copied then are skipped), so the new lookups find those articles.

from importlib import import_module

from django.db import migrations

expand = import_module("akhbar.news.migrations.0012_band_keys")


class Migration(migrations.Migration):
    contract = True

    dependencies = [
        ("news", "0012_band_keys"),
    ]

    operations = [
        migrations.RunPython(expand.copy_band_keys, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="LshBand"),
    ]
