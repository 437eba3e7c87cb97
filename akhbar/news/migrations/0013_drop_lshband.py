# Contract: drop news_lshband, which 0012's news_bandkey replaces. The band keys that workers
# still on the old code wrote between 0012 and now are copied first (0012's copy again; the
# rows copied then are skipped), so the new lookups find those articles.
#
# Debian builds SQLite with SECURE_DELETE, which overwrites every page a DROP frees with
# zeros: about 4.9 GB written to the WAL for the band keys of a 1,000,000-article archive,
# which Django's foreign-key check of the file after the migration then reads through. The
# freed pages only go to the free list here (they are reused by later inserts).

from importlib import import_module

from django.db import migrations

expand = import_module("akhbar.news.migrations.0012_band_keys")


def secure_delete(value: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"PRAGMA secure_delete = {value}")

    return run


class Migration(migrations.Migration):
    contract = True

    dependencies = [
        ("news", "0012_band_keys"),
    ]

    operations = [
        migrations.RunPython(expand.copy_band_keys, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(secure_delete("OFF"), secure_delete("ON"), elidable=False),
        migrations.DeleteModel(name="LshBand"),
        migrations.RunPython(secure_delete("ON"), secure_delete("OFF"), elidable=False),
    ]
