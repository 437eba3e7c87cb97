import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("news", "0002_categories")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="news.article",
                    ),
                ),
                ("title_terms", models.TextField()),
                ("body_terms", models.TextField()),
                ("analyzer_version", models.PositiveIntegerField()),
            ],
            options={"db_table": "search_document"},
        ),
    ]
