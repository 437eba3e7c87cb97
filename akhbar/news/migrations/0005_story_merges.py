"""Additive: the StoryMerge table (stories folded together when a later article bridges them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_article_page_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryMerge",
            fields=[
                (
                    "absorbed_id",
                    models.BigIntegerField(
                        primary_key=True, serialize=False, verbose_name="absorbed story"
                    ),
                ),
                ("merged_at", models.DateTimeField(auto_now_add=True, verbose_name="merged at")),
                (
                    "into",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="news.story",
                        verbose_name="merged into",
                    ),
                ),
            ],
            options={"verbose_name": "story merge", "verbose_name_plural": "story merges"},
        ),
    ]
