"""The page cache: rendered pages kept in Django's cache, revalidated with ETag/Last-Modified.

A page's key holds the archive's version: the newest article id and the newest moderation
decision (both read in one cheap query, at most once a second), so a new article or a hidden
image makes every cached page stale within a second, in every process sharing the database. Edits that neither add
an article nor log a decision (an outlet editing its article) wait for the timeout,
``AKHBAR_PAGE_CACHE_SECONDS``.

An anonymous reader's page is the same bytes for every reader: no CSRF token (the forms
that post fetch theirs, see ``security.py``), no cookie, ``Vary: Accept-Language`` only (the
language cookie is in nginx's cache key), and ``Cache-Control: public`` with a few seconds'
``s-maxage`` so that a front proxy shares it (docs/DEPLOY.md). A response made for one reader
(it set a cookie, used a CSRF token or the session) is never kept nor marked public.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date
from django.utils.translation import get_language

_VERSION_SQL = (
    "SELECT (SELECT MAX(id) FROM news_article), (SELECT MAX(id) FROM moderation_auditentry)"
)
# What nginx (or any shared cache) may serve without asking: as long as its micro-cache, so
# that a new article or a hidden image reaches every reader within seconds. Browsers
# revalidate every time (max-age=0; a 304 from nginx or the page cache): the language cookie
# is not in Vary, and a reader who just switched language must not get the page from their
# own cache in the language they left.
PROXY_MAX_AGE = 5
CACHE_CONTROL = f"public, max-age=0, s-maxage={PROXY_MAX_AGE}"


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
    # "page2": entries of the former format held a CSRF placeholder; never serve those
    return "akhbar:page2:" + hashlib.blake2b(where.encode(), digest_size=16).hexdigest()


def anonymous_read(request) -> bool:
    """Anonymous readers' GET and HEAD requests; the staff (with a session) see live pages."""
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def cached_page(view):
    """Serve the view from the cache, keyed on the archive's version; answer 304s.

    With the cache off (``AKHBAR_PAGE_CACHE_SECONDS=0``) pages are rendered every time but
    served the same way: validators, and public for a front proxy.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not anonymous_read(request):
            return view(request, *args, **kwargs)
        keep = settings.AKHBAR_PAGE_CACHE_SECONDS > 0
        version = archive_version() if keep else ""
        # with the cache off there is no key to look up nor to fill: no hashing per render
        key = page_key(request, version) if keep else ""
        entry = cache.get(key) if keep else None
        if entry is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False):
                return response
            if hasattr(response, "render"):
                response.render()
            if made_for_one_reader(request, response):
                patch_cache_control(response, private=True)
                return response
            entry = _entry(response, version)
            if keep:
                cache.set(key, entry, settings.AKHBAR_PAGE_CACHE_SECONDS)
        return _serve(request, entry)

    return wrapper


def made_for_one_reader(request, response) -> bool:
    """A response that a shared cache must not give to another reader."""
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a token was used, or is renewed
        or getattr(getattr(request, "session", None), "accessed", False)
        or "cookie" in response.get("Vary", "").lower()
    )


def _entry(response, version: str) -> dict:
    body = response.content
    etag = '"' + hashlib.blake2b(body + version.encode(), digest_size=12).hexdigest() + '"'
    seconds, written = _now()
    return {
        "body": body,
        "content_type": response["Content-Type"],
        "etag": etag,
        "last_modified": written,
        "last_modified_at": seconds,
    }


# The clock's second and its HTTP date, written once a second: a Last-Modified names a
# whole second, so every page made within it carries the same text.
_clock = [-1, ""]


def _now() -> tuple[int, str]:
    seconds = int(time.time())
    if _clock[0] != seconds:
        _clock[:] = [seconds, http_date(seconds)]
    return _clock[0], _clock[1]


def _serve(request, entry: dict) -> HttpResponse:
    # entries kept before "last_modified_at" was added carry only the text
    last_modified = entry.get("last_modified_at")
    if last_modified is None:
        last_modified = parse_http_date(entry["last_modified"])
    conditional = get_conditional_response(request, etag=entry["etag"], last_modified=last_modified)
    response = conditional or HttpResponse(entry["body"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["last_modified"]
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Language",))  # the page is in the reader's language
    return response
