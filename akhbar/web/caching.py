"""The page cache: rendered pages kept in Django's cache, revalidated with ETag/Last-Modified.

A page's key holds the archive's version: the newest article id and the newest moderation
decision (both read in one cheap query, at most once a second), so a new article or a hidden
image makes every cached page stale within a second, in every process sharing the database. Edits that neither add
an article nor log a decision (an outlet editing its article) wait for the timeout,
``AKHBAR_PAGE_CACHE_SECONDS``.

Pages carry per-reader CSRF tokens (the report forms, the language switcher): they are
cached with a placeholder, and each reader gets a fresh token when the page is served.
Such pages are ``private`` to browsers; token-free responses (feeds, sitemaps) are
``public`` so that a front proxy may cache them too.
"""

from __future__ import annotations

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date
from django.utils.translation import get_language

_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
_PLACEHOLDER = b'name="csrfmiddlewaretoken" value="__AKHBAR_CSRF__"'
_VERSION_SQL = (
    "SELECT (SELECT MAX(id) FROM news_article), (SELECT MAX(id) FROM moderation_auditentry)"
)
PUBLIC_MAX_AGE = 60


# The version is read at most once a second per process: a busy page then costs no query.
VERSION_TTL = 1.0
_version = {"value": "", "read_at": -1e9}


def archive_version() -> str:
    """Changes whenever an article is added or a moderator (or the crowd) decides."""
    now = time.monotonic()
    if now - _version["read_at"] < VERSION_TTL:
        return _version["value"]
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        newest_article, newest_decision = cursor.fetchone()
    _version.update(value=f"{newest_article or 0}.{newest_decision or 0}", read_at=now)
    return _version["value"]


def forget_version(**_) -> None:
    """Read the version again on the next request (this process just wrote something)."""
    _version["read_at"] = -1e9


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from akhbar.moderation.models import AuditEntry
    from akhbar.news.models import Article

    for model in (Article, AuditEntry):
        post_save.connect(forget_version, sender=model, dispatch_uid=f"cache:{model.__name__}")
        post_delete.connect(forget_version, sender=model, dispatch_uid=f"cache-{model.__name__}")


def page_key(request, version: str) -> str:
    where = f"{request.get_host()}|{request.get_full_path()}|{get_language()}|{version}"
    return "akhbar:page:" + hashlib.blake2b(where.encode(), digest_size=16).hexdigest()


def cacheable(request) -> bool:
    """Anonymous readers' GET and HEAD requests; the staff (with a session) see live pages."""
    return (
        settings.AKHBAR_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def cached_page(view):
    """Serve the view from the cache, keyed on the archive's version; answer 304s."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        version = archive_version()
        key = page_key(request, version)
        entry = cache.get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False):
                return response
            if hasattr(response, "render"):
                response.render()
            entry = _entry(response, version)
            cache.set(key, entry, settings.AKHBAR_PAGE_CACHE_SECONDS)
        return _serve(request, entry)

    return wrapper


def _entry(response, version: str) -> dict:
    body = _TOKEN.sub(_PLACEHOLDER, response.content)
    etag = '"' + hashlib.blake2b(body + version.encode(), digest_size=12).hexdigest() + '"'
    return {
        "body": body,
        "content_type": response["Content-Type"],
        "etag": etag,
        "last_modified": http_date(),
        "tokens": _PLACEHOLDER in body,
    }


def _serve(request, entry: dict) -> HttpResponse:
    conditional = get_conditional_response(
        request, etag=entry["etag"], last_modified=parse_http_date(entry["last_modified"])
    )
    if conditional is not None:
        response = conditional
    else:
        body = entry["body"]
        if entry["tokens"]:
            token = get_token(request).encode()
            body = body.replace(_PLACEHOLDER, _PLACEHOLDER.replace(b"__AKHBAR_CSRF__", token))
        response = HttpResponse(body, content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["last_modified"]
    if entry["tokens"]:
        response["Cache-Control"] = "private, max-age=0, must-revalidate"
        patch_vary_headers(response, ("Cookie",))
    else:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    patch_vary_headers(response, ("Accept-Language",))
    return response
