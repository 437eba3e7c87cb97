"""``/api/v1/search?q=``: the site's search (same syntax, same results) as JSON."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Query, Router
from ninja.errors import HttpError

from akhbar.api.paging import MAX_LIMIT, next_url
from akhbar.api.records import article_record
from akhbar.api.schemas import ErrorOut, SearchPageOut
from akhbar.search.query import QueryError
from akhbar.search.service import search as run_search

router = Router(tags=["search"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}
SEARCH_LIMIT = 20  # as the site's search page
MAX_OFFSET = 10_000


def _offset(cursor: str | None) -> int:
    """A search cursor is the offset of the next result (a ranking has no stable key)."""
    if cursor is None:
        return 0
    if not cursor.isdigit() or int(cursor) > MAX_OFFSET:
        raise ValueError("cursor: not a cursor from this API")
    return int(cursor)


@router.get("/search", response={200: SearchPageOut, **ERRORS}, summary="Search")
def search(
    request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="the site's query syntax")],
    sort: Literal["relevance", "newest"] = "relevance",
    cursor: Annotated[str | None, Query(description="from the previous page's next")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = SEARCH_LIMIT,
):
    """Words all required, "phrases", -exclusions, OR, source:, category:, lang:, date:."""
    try:
        offset = _offset(cursor)
        found = run_search(q, sort=sort, limit=limit, offset=offset)
    except (QueryError, ValueError) as error:
        raise HttpError(400, str(error).removeprefix("search: ")) from None
    following = str(offset + limit) if offset + limit < min(found.total, MAX_OFFSET) else None
    return {
        "query": q,
        "total": found.total,
        "estimated": found.estimated,
        "items": [_result(r) for r in found.results],
        "facets": {name: [list(pair) for pair in pairs] for name, pairs in found.facets.items()},
        "next": next_url(request, following),
    }


def _result(result) -> dict:
    return {
        "article": article_record(result.article),
        "score": result.score,
        "snippet": str(result.snippet),
        "other_outlets": result.other_outlets,
        "partial": result.partial,
    }
