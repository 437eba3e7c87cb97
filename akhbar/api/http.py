"""What every request under /api/ goes through, whichever view answers it.

In order: CORS preflight, the method check, the rate limit, the view, then the CORS header
and the conditional GET (ETag, 304). The API only reads, so CORS allows every origin and
never credentials.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from akhbar.api import errors
from akhbar.moderation.identity import client_ip
from akhbar.moderation.ratelimit import hit

READ_METHODS = ("GET", "HEAD", "OPTIONS")
RATE_WINDOW = 60  # seconds
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}


def api_view(view, *, methods: tuple[str, ...] = ("GET", "HEAD")):
    """Wrap one view of the API (``methods``: what it answers besides OPTIONS)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = _refusal(request, methods) or _call(view, request, *args, **kwargs)
        if request.method in READ_METHODS:
            for name, value in CORS_HEADERS.items():
                response[name] = value
        return response

    return wrapper


def _refusal(request, methods) -> HttpResponse | None:
    """The answer that stops a request before its view: preflight, 405, 400, 429."""
    if request.method == "OPTIONS":
        return HttpResponse(status=204, headers=PREFLIGHT_HEADERS | {"Allow": _allow(methods)})
    if request.method not in methods:
        message = f"{request.method} is not allowed here; this API only reads"
        return errors.error_response(
            405, errors.METHOD_NOT_ALLOWED, message, {"Allow": _allow(methods)}
        )
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        return errors.error_response(400, errors.BAD_REQUEST, "query parameters hold a NUL byte")
    return _rate_limited(request)


def _allow(methods) -> str:
    return ", ".join((*methods, "OPTIONS"))


def _rate_limited(request) -> HttpResponse | None:
    ip = client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.AKHBAR_TRUSTED_PROXIES,
    )
    wait = hit(f"api:{ip}", settings.AKHBAR_API_RATE_LIMIT, RATE_WINDOW)
    if wait is None:
        return None
    message = f"too many requests: at most {settings.AKHBAR_API_RATE_LIMIT} per minute"
    return errors.error_response(429, errors.RATE_LIMITED, message, {"Retry-After": str(wait)})


def _call(view, request, *args, **kwargs) -> HttpResponse:
    """Run the view (HEAD as GET, without the body) and answer 304 when the ETag matches."""
    head = request.method == "HEAD"
    if head:
        request.method = "GET"
    response = view(request, *args, **kwargs)
    if request.method == "GET" and response.status_code == 200 and not response.streaming:
        set_response_etag(response)
        patch_cache_control(response, public=True, max_age=60)
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    if head:
        request.method = "HEAD"
        response.content = b""
    return response
