"""``/api/v1/articles``: the archive, filtered, newest first, page by page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from akhbar.api import cursor, queries
from akhbar.api.paging import DEFAULT_LIMIT, MAX_LIMIT, next_url
from akhbar.api.records import article_detail, article_record
from akhbar.api.schemas import ArticleDetailOut, ArticlePage, ErrorOut
from akhbar.web.queries import wire_group

router = Router(tags=["articles"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


@router.get("/articles", response={200: ArticlePage, **ERRORS}, summary="List articles")
def list_articles(
    request,
    source: Annotated[str | None, Query(description="an outlet's slug")] = None,
    category: Annotated[str | None, Query(description="a category's slug")] = None,
    language: Annotated[str | None, Query(description="ar, fr or en")] = None,
    date_from: Annotated[
        date | None, Query(alias="from", description="published on or after this day")
    ] = None,
    date_to: Annotated[
        date | None, Query(alias="to", description="published on or before this day")
    ] = None,
    story: Annotated[int | None, Query(ge=0, lt=2**63, description="a story's id")] = None,
    has_duplicates: Annotated[
        bool | None, Query(description="true: only articles other outlets copied")
    ] = None,
    cursor_: Annotated[
        str | None, Query(alias="cursor", description="from the previous page's next")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Newest first (undated last), wire copies included, with a cursor to the next page."""
    filters = {
        "source": source,
        "category": category,
        "language": language,
        "date_from": date_from,
        "date_to": date_to,
        "story": story,
        "has_duplicates": has_duplicates,
    }
    found = queries.filter_articles(queries.articles(), filters)
    items, following = cursor.page(found, "published_at", cursor_, limit)
    return {"items": [article_record(a) for a in items], "next": next_url(request, following)}


@router.get(
    "/articles/{article_id}", response={200: ArticleDetailOut, **ERRORS}, summary="One article"
)
def get_article(request, article_id: int):
    """One article with its body and the other articles of its wire group."""
    article = get_object_or_404(queries.articles(body=True), pk=article_id)
    return article_detail(article, wire_group(article))
