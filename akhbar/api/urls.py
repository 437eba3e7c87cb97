"""``/api/``: version 1 of the JSON API and the Fever endpoint, every view behind ``api_view``
(CORS, rate limit, ETag/304); any other path under /api/ is a JSON 404."""

from django.urls import URLPattern, URLResolver, path, re_path

from akhbar.api import errors, fever
from akhbar.api.http import api_view
from akhbar.api.v1 import api


def protect(patterns: list) -> list:
    """Wrap every view of a URL tree in ``api_view`` (ninja builds its own patterns)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            protect(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = api_view(pattern.callback)
    return patterns


def unknown(request, rest: str = ""):
    return errors.error_response(404, errors.NOT_FOUND, f"no such endpoint: {request.path}")


v1_patterns, v1_app, v1_namespace = api.urls

urlpatterns = [
    path("v1/", (protect(v1_patterns), v1_app, v1_namespace)),
    path("fever/", api_view(fever.endpoint, methods=("GET", "HEAD", "POST")), name="fever"),
    re_path(r"^(?P<rest>.*)$", api_view(unknown)),
]
