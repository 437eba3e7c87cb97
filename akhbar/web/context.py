"""Template context every page needs (the sections menu)."""

from akhbar.news.models import Category


def site(request) -> dict:
    return {"categories": Category.objects.all()}
