# Additive: indexes that keep every reader's page bounded on a large archive (akhbar/web/
# queries.py; measured on 1,000,000 articles by bench/bench_pages.py). SQLite's planner,
# given the choice, took (source, held_reason) for an outlet's page and sorted its whole
# history (0.3 s), and took (duplicate_of) for a story's originals, walking every original
# of the archive (2.7 s). Each index below serves its query in the order it is shown, so the
# query stops after the rows it shows.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_story_merges"),
    ]

    operations = [
        # An outlet's page and its count (CappedPaginator), newest first.
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["source", "held_reason", "-published_at"], name="article_source_list_idx"
            ),
        ),
        # A category's page, its count and the home page's sections.
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["category", "held_reason", "-published_at"],
                name="article_category_list_idx",
            ),
        ),
        # Each outlet's latest original (the home page), however long ago it published.
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["source", "duplicate_of", "-published_at"],
                name="article_source_original_idx",
            ),
        ),
        # A story's originals (the article page) and its timeline (the story page).
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["story", "duplicate_of", "published_at"], name="article_story_original_idx"
            ),
        ),
    ]
