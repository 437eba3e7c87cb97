# Additive: LSH band keys carry their article's time (publication, else ingestion), and the
# band lookup's index becomes (key, at, article), so near-duplicate candidates come from the
# duplicate window only instead of from every date of the archive (stories/service.py,
# find_original). Existing rows get the time of their article. The old (key, article) index
# is now redundant, but old workers may still run during an upgrade: dropping it is left to
# a later contract migration (tests/scaleout/test_migrations.py).

from django.db import migrations, models

BACKFILL = (
    "UPDATE news_lshband SET at = (SELECT COALESCE(a.published_at, a.fetched_at) "
    "FROM news_article a WHERE a.id = news_lshband.article_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_page_speed_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="lshband",
            name="at",
            field=models.DateTimeField(null=True, verbose_name="publication or ingestion time"),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=False),
        migrations.AddIndex(
            model_name="lshband",
            index=models.Index(fields=["key", "at", "article"], name="lshband_key_at_idx"),
        ),
    ]
