"""Keep the Category table equal to the taxonomy."""

from akhbar.news.models import Category
from akhbar.news.models.category import TAXONOMY


def ensure_categories() -> None:
    for position, (slug, name_ar, name_fr, name_en) in enumerate(TAXONOMY):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name_ar": name_ar,
                "name_fr": name_fr,
                "name_en": name_en,
                "position": position,
            },
        )
