# Contract: drop seven indexes that other indexes make redundant. Each article insert wrote
# every one of them (and each new article writes ~20 LSH band rows), so the storing
# transaction dirtied a quarter more pages than it needed; no query needs them:
# - the single-column indexes Django gives the foreign keys source, category, story and
#   duplicate_of: each column leads a composite index (article_source_idx,
#   article_category_idx, article_story_original_idx, article_original_idx) that serves the
#   same lookups and the foreign-key checks;
# - (source, held_reason) and (category, held_reason): prefixes of article_source_list_idx
#   and article_category_list_idx, which count visible articles from the index alone too;
# - lshband (key, article): lshband_key_at_idx (key, at, article) answers every band lookup
#   (migration 0007 left it for this later contract migration).
# And the story-term lookup index gains the article column: find_story counts articles per
# term within the window from the index alone (it read a table row per match before, about
# 350 per article on the 100,000-article bench archive).
# Old code never names an index, but it is a drop: marked contract (docs/DEPLOY.md, Upgrades).
# Dropping the foreign keys' indexes is a schema change only (SeparateDatabaseAndState): an
# AlterField would rebuild the article table on SQLite.

import django.db.models.deletion
from django.db import migrations, models

FOREIGN_KEY_INDEXES = {
    # field: (index name Django gave it, column)
    "source": ("news_article_source_id_d34ad272", "source_id"),
    "category": ("news_article_category_id_7ede7614", "category_id"),
    "story": ("news_article_story_id_02cca013", "story_id"),
    "duplicate_of": ("news_article_duplicate_of_id_43fcaafc", "duplicate_of_id"),
}


def drop_index(field: str) -> migrations.RunSQL:
    name, column = FOREIGN_KEY_INDEXES[field]
    return migrations.RunSQL(
        f"DROP INDEX IF EXISTS {name}",
        f'CREATE INDEX IF NOT EXISTS {name} ON news_article ("{column}")',
    )


def without_index(field: str, model_field: models.Field) -> migrations.SeparateDatabaseAndState:
    return migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.AlterField(model_name="article", name=field, field=model_field)
        ],
        database_operations=[drop_index(field)],
    )


class Migration(migrations.Migration):
    contract = True

    dependencies = [
        ("news", "0007_lshband_at"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_source_held_idx"),
        migrations.RemoveIndex(model_name="article", name="article_category_held_idx"),
        migrations.RemoveIndex(model_name="lshband", name="lshband_key_idx"),
        migrations.AddIndex(
            model_name="storyterm",
            index=models.Index(
                fields=["term", "at", "article"], name="storyterm_term_at_article_idx"
            ),
        ),
        migrations.RemoveIndex(model_name="storyterm", name="storyterm_term_at_idx"),
        without_index(
            "category",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="articles",
                to="news.category",
                verbose_name="category",
            ),
        ),
        without_index(
            "duplicate_of",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="copies",
                to="news.article",
                verbose_name="duplicate of",
            ),
        ),
        without_index(
            "source",
            models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="news.source",
                verbose_name="source",
            ),
        ),
        without_index(
            "story",
            models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="articles",
                to="news.story",
                verbose_name="story",
            ),
        ),
    ]
