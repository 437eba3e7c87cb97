"""``/api/v1/stories``: events covered by several outlets, with their articles."""

from __future__ import annotations

from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from akhbar.api import cursor, queries
from akhbar.api.paging import DEFAULT_LIMIT, MAX_LIMIT, next_url
from akhbar.api.records import article_record, story_record
from akhbar.api.schemas import ErrorOut, StoryDetailOut, StoryPage
from akhbar.web.queries import story_timeline

router = Router(tags=["stories"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


@router.get("/stories", response={200: StoryPage, **ERRORS}, summary="List stories")
def list_stories(
    request,
    cursor_: Annotated[
        str | None, Query(alias="cursor", description="from the previous page's next")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
):
    """Most recently active first, with a cursor to the next page."""
    items, following = cursor.page(queries.visible_stories(), "last_published_at", cursor_, limit)
    return {"items": [story_record(s) for s in items], "next": next_url(request, following)}


@router.get("/stories/{story_id}", response={200: StoryDetailOut, **ERRORS}, summary="One story")
def get_story(request, story_id: int):
    """One story and every article of it readers may see, in publication order."""
    story = get_object_or_404(queries.visible_stories(), pk=story_id)
    record = story_record(story)
    record["articles"] = [article_record(a) for a in story_timeline(story)]
    return record
