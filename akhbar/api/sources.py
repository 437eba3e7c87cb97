"""``/api/v1/sources`` and ``/api/v1/categories``: the outlets (with health) and sections."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router

from akhbar.api import queries
from akhbar.api.records import category_record, source_record
from akhbar.api.schemas import CategoryOut, ErrorOut, SourceOut
from akhbar.news.models import Category

router = Router()
ERRORS = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


@router.get(
    "/sources", response={200: list[SourceOut], **ERRORS}, tags=["sources"], summary="List sources"
)
def list_sources(request):
    """Every outlet, with the health of its feeds and its articles of the last 24 h / 7 days."""
    sources = queries.sources_with_health(timezone.now())
    return [source_record(s, queries.health_record(s)) for s in sources]


@router.get(
    "/sources/{slug}", response={200: SourceOut, **ERRORS}, tags=["sources"], summary="One source"
)
def get_source(request, slug: str):
    source = get_object_or_404(queries.sources_with_health(timezone.now()), slug=slug)
    return source_record(source, queries.health_record(source))


@router.get(
    "/categories",
    response={200: list[CategoryOut], **ERRORS},
    tags=["categories"],
    summary="List categories",
)
def list_categories(request):
    """The fixed taxonomy every outlet's sections map to."""
    return [category_record(c) for c in Category.objects.all()]
