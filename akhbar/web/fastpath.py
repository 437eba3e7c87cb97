"""Cache hits served before Django: a WSGI layer in front of the application.

Django's page cache (``caching.py``) saves rendering, but a hit still goes through the
whole request cycle (request object, ten middlewares, URL resolution, the response object):
about a millisecond of Python. A hit here costs about 12 microseconds. This layer keeps, next to it, the finished WSGI response of
every page that a shared cache may keep (status 200, ``Cache-Control: public``, no
``Set-Cookie``, a ``Content-Length``), and serves the next identical request from it
without entering Django: headers and body as Django sent them, a 304 to a conditional
request.

What may be shared is decided by the response, as for any front proxy (nginx in
``deploy/nginx.conf``): a page Django marks ``private`` (one made for one reader) is never
kept here. The key holds what a page may vary on: the scheme and host (and the ones a proxy
forwards), the path and query, the ``Accept-Language`` header and the language cookie, and
the archive's version
(``caching.archive_version``: the newest article and moderation decision, read at most once
a second), so a new article or a hidden image makes every kept page stale within a second,
as in Django's cache. Requests carrying any other cookie (a session, a reporter's cookie) and
requests other than GET and HEAD always reach Django. Entries live in Django's cache (shared
through Redis when ``REDIS_URL`` is set) for ``AKHBAR_PAGE_CACHE_SECONDS``.

Article pages count a reading each time they are served: the view marks its response
(``pages.counted``) and a hit counts the reading here too.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils.http import parse_etags, parse_http_date_safe

from akhbar.readership.service import count_view
from akhbar.web.caching import archive_version

log = logging.getLogger("akhbar.web.fastpath")

KEY_PREFIX = "akhbar:wsgi:"
MAX_BODY = 1024 * 1024  # larger responses are not kept
# Headers a 304 repeats (RFC 9110 §15.4.5); the others describe a body it does not have.
NOT_MODIFIED_HEADERS = {
    "cache-control",
    "content-location",
    "etag",
    "expires",
    "last-modified",
    "vary",
}
SHAREABLE_VARY = {"accept-language", "cookie"}
# Entries also kept in this process' memory, and for how long at most (Django's cache, shared
# by the processes, may forget an entry sooner: a process then serves it a little longer).
RECENT_SIZE = 256
RECENT_BYTES = 32 * 1024 * 1024
RECENT_SECONDS = 60.0
# The response attribute a view sets to have each hit counted as one reading of an article.
COUNT_ATTRIBUTE = "akhbar_reading_of"


def _language_cookie(environ) -> str | None:
    """The cookie header when it holds nothing but the language cookie ("" without any);
    None when it holds anything else (the request then goes to Django)."""
    header = environ.get("HTTP_COOKIE", "").strip()
    if not header:
        return ""
    name = settings.LANGUAGE_COOKIE_NAME + "="
    if ";" in header or not header.startswith(name):
        return None
    return header


def request_key(environ, version: str) -> str | None:
    """The key of this request's kept response, or None when it must reach Django."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return None
    cookie = _language_cookie(environ)
    if cookie is None:
        return None
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    where = "|".join(
        (
            environ.get("wsgi.url_scheme", "http"),
            # what a page's absolute links are built from behind a proxy (canonical, og:url)
            environ.get("HTTP_X_FORWARDED_PROTO", ""),
            environ.get("HTTP_X_FORWARDED_HOST", ""),
            host,
            path,
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            cookie,
            version,
        )
    )
    digest = hashlib.blake2b(where.encode("utf-8", "surrogateescape"), digest_size=16)
    return KEY_PREFIX + digest.hexdigest()


def shareable(status: str, headers: list[tuple[str, str]]) -> bool:
    """What a shared cache may keep and give to every reader who sends the same request."""
    if not status.startswith("200"):
        return False
    named = {}
    for name, value in headers:
        named.setdefault(name.lower(), []).append(value)
    control = {
        part.strip().split("=")[0].lower()
        for part in ",".join(named.get("cache-control", [])).split(",")
    }
    vary = {
        part.strip().lower() for part in ",".join(named.get("vary", [])).split(",") if part.strip()
    }
    return (
        "public" in control
        and not control & {"private", "no-store", "no-cache"}
        and "set-cookie" not in named
        and vary <= SHAREABLE_VARY
        and int((named.get("content-length") or ["-1"])[0]) in range(0, MAX_BODY + 1)
    )


def not_modified(environ, headers: dict[str, str]) -> bool:
    """Whether the reader's copy is current (If-None-Match first, then If-Modified-Since)."""
    if "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    if "HTTP_IF_NONE_MATCH" in environ:
        etags = parse_etags(environ["HTTP_IF_NONE_MATCH"])
        etag = headers.get("etag", "")
        weak = etag.removeprefix("W/")
        return bool(etag) and ("*" in etags or any(e.removeprefix("W/") == weak for e in etags))
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
    modified = parse_http_date_safe(headers.get("last-modified", ""))
    return since is not None and modified is not None and modified <= since


class Recent:
    """The last entries this process kept or read, in memory as they are (a hit costs no
    unpickling), at most `size` of them and `budget` bytes of bodies. Django's cache stays
    the shared record."""

    def __init__(self, size: int = RECENT_SIZE, budget: int = RECENT_BYTES):
        self.size, self.budget, self.used = size, budget, 0
        self.entries: dict[str, tuple[float, dict]] = {}
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        found = self.entries.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: str, entry: dict, seconds: float) -> None:
        size = len(entry["body"])
        with self.lock:
            old = self.entries.pop(key, None)
            self.used -= len(old[1]["body"]) if old else 0
            while self.entries and (
                len(self.entries) >= self.size or self.used + size > self.budget
            ):
                oldest = next(iter(self.entries))  # dicts keep insertion order
                self.used -= len(self.entries.pop(oldest)[1]["body"])
            self.entries[key] = (time.monotonic() + seconds, entry)
            self.used += size


class CachedPages:
    """WSGI middleware: serve the kept response of a shareable page, keep new ones."""

    def __init__(self, application):
        self.application = application
        self.recent = Recent()

    def __call__(self, environ, start_response):
        if settings.AKHBAR_PAGE_CACHE_SECONDS <= 0:
            return self.application(environ, start_response)
        try:
            key = request_key(environ, archive_version())
        except DatabaseError:  # the database is away: let Django answer (and report) it
            log.warning("fastpath: cannot read the archive's version", exc_info=True)
            connection.close_if_unusable_or_obsolete()
            return self.application(environ, start_response)
        if key is None:
            return self.application(environ, start_response)
        entry = self.recent.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                self.recent.put(key, entry, min(settings.AKHBAR_PAGE_CACHE_SECONDS, RECENT_SECONDS))
        if entry is not None:
            return self.serve(entry, environ, start_response)
        return self.keep(key, environ, start_response)

    def serve(self, entry: dict, environ, start_response):
        if entry["reading_of"] and environ["REQUEST_METHOD"] == "GET":
            count_view(entry["reading_of"])
        headers = entry["headers"]
        if not_modified(environ, entry["named"]):
            kept = [(n, v) for n, v in headers if n.lower() in NOT_MODIFIED_HEADERS]
            start_response("304 Not Modified", kept)
            return [b""]
        start_response(entry["status"], list(headers))
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [entry["body"]]

    def keep(self, key: str, environ, start_response):
        """Let Django answer; keep the response when every reader may share it."""
        seen = {}

        def capture(status, headers, exc_info=None):
            seen.update(status=status, headers=list(headers))
            return start_response(status, headers, exc_info)

        result = self.application(environ, capture)
        if environ["REQUEST_METHOD"] != "GET" or getattr(result, "streaming", False):
            return result
        if not seen or not shareable(seen["status"], seen["headers"]):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        entry = {
            "status": seen["status"],
            "headers": seen["headers"],
            "named": {name.lower(): value for name, value in seen["headers"]},
            "body": body,
            "reading_of": getattr(result, COUNT_ATTRIBUTE, None),
        }
        seconds = settings.AKHBAR_PAGE_CACHE_SECONDS
        cache.set(key, entry, seconds)
        self.recent.put(key, entry, min(seconds, RECENT_SECONDS))
        return [body]
