# Expand: the home page's sections and each outlet's latest original list articles newest
# first, ties broken by id (web/headlines.NEWEST_FIRST). Their indexes ended at
# published_at, so SQLite sorted every group of rows sharing a publication time for the id
# ("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"): a tenth of the SQL of a home page. These
# two end in -id and serve the same lookups as the two they replace (their prefix), which
# the contract migration 0015 drops. On SQLite the new indexes are analyzed, so that the
# planner weighs them as it weighs the others (an archive analyzed once would otherwise
# know them only by SQLite's defaults).

from django.db import migrations, models

NEW_INDEXES = ("article_category_newest_idx", "article_source_newest_orig_idx")


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in NEW_INDEXES:
            schema_editor.execute(f"ANALYZE {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0013_drop_lshband"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["category", "held_reason", "-published_at", "-id"],
                name="article_category_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["source", "duplicate_of", "-published_at", "-id"],
                name="article_source_newest_orig_idx",
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=False),
    ]
