"""Query parameters shared by the lists, and the URL of the next page."""

from django.http import QueryDict

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def next_url(request, cursor: str | None, name: str = "cursor") -> str | None:
    """This request's URL with ``name`` set to the next page's cursor (None: last page)."""
    if cursor is None:
        return None
    params: QueryDict = request.GET.copy()
    params[name] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
