"""The API's version 1: one NinjaAPI, its routers, and errors as JSON with stable codes."""

from __future__ import annotations

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from akhbar.api import articles, errors, search, sources, stories
from akhbar.api.cursor import CursorError

log = logging.getLogger("akhbar.api")


class Utf8Renderer(JSONRenderer):
    """Arabic as UTF-8, not as \\u escapes (a third of the size, and readable)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8Renderer(),
    title="Akhbar API",
    version="1",
    description="The Akhbar news archive as JSON, read-only. See docs/API.md.",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
for module in (articles, stories, sources, search):
    api.add_router("/", module.router)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    problems = "; ".join(_problem(error) for error in exc.errors[:5])
    return errors.error_response(400, errors.BAD_REQUEST, problems or "invalid request")


def _problem(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
    return f"{where}: {error.get('msg', 'invalid')}"


@api.exception_handler(CursorError)
def bad_cursor(request, exc: CursorError):
    return errors.error_response(400, errors.BAD_REQUEST, str(exc))


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return errors.error_response(404, errors.NOT_FOUND, "no such item")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    code = {404: errors.NOT_FOUND, 405: errors.METHOD_NOT_ALLOWED}.get(exc.status_code)
    return errors.error_response(exc.status_code, code or errors.BAD_REQUEST, str(exc))


@api.exception_handler(Exception)
def crashed(request, exc: Exception):
    log.exception("api: %s %s failed", request.method, request.path)
    return errors.error_response(500, errors.INTERNAL_ERROR, "internal error")
