# Contract: drop the two indexes that 0014's replace (the same columns without the id
# tiebreak). Dropped with SQLite's secure_delete off, as in 0013: Debian builds SQLite
# with SECURE_DELETE, which would overwrite every freed page with zeros through the WAL.

from importlib import import_module

from django.db import migrations

lshband = import_module("akhbar.news.migrations.0013_drop_lshband")


class Migration(migrations.Migration):
    contract = True

    dependencies = [
        ("news", "0014_newest_first_indexes"),
    ]

    operations = [
        migrations.RunPython(
            lshband.secure_delete("OFF"), lshband.secure_delete("ON"), elidable=False
        ),
        migrations.RemoveIndex(model_name="article", name="article_category_list_idx"),
        migrations.RemoveIndex(model_name="article", name="article_source_original_idx"),
        migrations.RunPython(
            lshband.secure_delete("ON"), lshband.secure_delete("OFF"), elidable=False
        ),
    ]
