"""Template context every page needs (the sections menu)."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from akhbar.news.links import cached_reverse
from akhbar.news.models import Category
from akhbar.news.sql import fetch

# The categories in the model's order, read without building models (every page shows them).
MENU_SQL = (
    f"SELECT id, slug, name_ar, name_fr, name_en FROM {Category._meta.db_table}"
    f" ORDER BY {', '.join(Category._meta.ordering)}"
)


@dataclass(frozen=True, slots=True)
class Section:
    """A category as the menu and the home sections show it."""

    pk: int
    slug: str
    display_name: str
    url: str


def sections() -> list[Section]:
    """The categories in menu order, named in the reader's language."""
    language, prefix = get_language(), get_script_prefix()
    return [section(*row, language, prefix) for row in fetch(MENU_SQL)]


@lru_cache(maxsize=1024)
def section(pk, slug, name_ar, name_fr, name_en, language: str, prefix: str) -> Section:
    """A category as the model names and links it, remembered. Called with `language` and
    the script `prefix` active, which are part of the key since the name and the address
    depend on them."""
    category = Category(id=pk, slug=slug, name_ar=name_ar, name_fr=name_fr, name_en=name_en)
    return Section(pk, slug, category.display_name, cached_reverse("web:category", slug))


def site(request) -> dict:
    # lazy: read only by the pages that show the menu (and not when a view gave its own)
    return {"categories": SimpleLazyObject(sections)}
