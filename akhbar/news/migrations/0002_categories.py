"""Fill the Category table with the taxonomy (see models/category.py)."""

from django.db import migrations

TAXONOMY = [
    ("politics", "سياسة", "Politique", "Politics"),
    ("national", "وطني", "National", "National"),
    ("international", "دولي", "International", "World"),
    ("economy", "اقتصاد", "Économie", "Economy"),
    ("sports", "رياضة", "Sports", "Sports"),
    ("culture", "ثقافة", "Culture", "Culture"),
    ("religion", "دين", "Religion", "Religion"),
    ("health", "صحة", "Santé", "Health"),
    ("society", "مجتمع", "Société", "Society"),
    ("technology", "تكنولوجيا", "Technologie", "Technology"),
    ("opinion", "رأي", "Opinion", "Opinion"),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    alias = schema_editor.connection.alias  # the database being migrated, not always default
    for position, (slug, name_ar, name_fr, name_en) in enumerate(TAXONOMY):
        Category.objects.using(alias).update_or_create(
            slug=slug,
            defaults={
                "name_ar": name_ar,
                "name_fr": name_fr,
                "name_en": name_en,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
