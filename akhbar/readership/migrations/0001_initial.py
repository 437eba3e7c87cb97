import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleView",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="views")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="news.article",
                        verbose_name="article",
                    ),
                ),
            ],
            options={
                "verbose_name": "article views",
                "verbose_name_plural": "article views",
                "indexes": [
                    models.Index(fields=["day", "-count"], name="readership_day_count_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "day"), name="one_counter_per_article_day"
                    )
                ],
            },
        ),
    ]
