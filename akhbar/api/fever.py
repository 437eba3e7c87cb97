"""The Fever API (read-only), so that mobile feed readers can browse the archive.

Apps that speak Fever (Reeder, Unread, ReadKit, FeedMe, Fiery Feeds…) log in with a server URL
and ``api_key = md5("user:password")``, then POST ``/api/fever/?api&groups``,
``?api&feeds``, ``?api&items&since_id=N`` … This archive is public and read-only: every key
is accepted (``auth: 1``), nothing is ever read or saved, and ``mark`` changes nothing.

Groups are the categories, feeds are the outlets (one per source), items are the visible
articles (ids are article ids). See docs/API.md.
"""

from __future__ import annotations

from django.db.models import Max
from django.http import JsonResponse
from django.utils.html import escape, linebreaks
from django.views.decorators.csrf import csrf_exempt

from akhbar.api import errors, queries
from akhbar.news.models import Article, Category, Source

API_VERSION = 3
ITEMS_PER_CALL = 50  # as Fever itself
UNREAD_IDS = 5000  # the newest articles are "unread"; older ones only through max_id


class FeverError(ValueError):
    pass


@csrf_exempt
def endpoint(request):
    params = request.GET.copy()
    params.update(request.POST)
    if "api" not in params:
        return errors.error_response(400, errors.BAD_REQUEST, "fever: the api parameter is missing")
    try:
        answer = {"api_version": API_VERSION, "auth": 1, "last_refreshed_on_time": _refreshed()}
        for name, part in PARTS.items():
            if name in params:
                answer.update(part(params))
    except FeverError as error:
        return errors.error_response(400, errors.BAD_REQUEST, f"fever: {error}")
    return JsonResponse(answer, json_dumps_params=errors.UTF8)


def _refreshed() -> int:
    latest = Article.objects.aggregate(at=Max("fetched_at"))["at"]
    return _epoch(latest)


def _epoch(moment) -> int:
    return int(moment.timestamp()) if moment else 0


def groups(params) -> dict:
    rows = [{"id": c.pk, "title": c.name_ar} for c in Category.objects.all()]
    return {"groups": rows, "feeds_groups": _feeds_groups()}


def _feeds_groups() -> list[dict]:
    """Which outlets (feeds) have articles in which category (group)."""
    pairs = queries.articles().exclude(category=None).values_list("category_id", "source_id")
    members: dict[int, set[int]] = {}
    for category_id, source_id in pairs.order_by().distinct():
        members.setdefault(category_id, set()).add(source_id)
    return [{"group_id": g, "feed_ids": _csv(ids)} for g, ids in sorted(members.items())]


def _csv(ids) -> str:
    return ",".join(str(pk) for pk in sorted(ids))


def feeds(params) -> dict:
    latest = dict(
        Article.objects.values_list("source_id").annotate(at=Max("fetched_at")).order_by()
    )
    rows = [_feed(source, latest.get(source.pk)) for source in Source.objects.all()]
    return {"feeds": rows, "feeds_groups": _feeds_groups()}


def _feed(source: Source, latest) -> dict:
    return {
        "id": source.pk,
        "favicon_id": 0,
        "title": source.name_ar,
        "url": source.homepage,
        "site_url": source.homepage,
        "is_spark": 0,
        "last_updated_on_time": _epoch(latest),
    }


def _ids(value: str, name: str) -> list[int]:
    try:
        ids = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise FeverError(f"{name} must be comma-separated integers") from None
    if any(not 0 <= pk < 2**63 for pk in ids):
        raise FeverError(f"{name} is out of range")
    return ids


def items(params) -> dict:
    """50 items: after ``since_id`` (oldest first), before ``max_id`` (newest first), the
    ``with_ids`` asked for, or the oldest 50."""
    found = queries.articles(body=True)
    if params.get("with_ids"):
        found = found.filter(pk__in=_ids(params["with_ids"], "with_ids")[:ITEMS_PER_CALL]).order_by(
            "pk"
        )
    elif params.get("since_id"):
        found = found.filter(pk__gt=_ids(params["since_id"], "since_id")[0]).order_by("pk")
    elif params.get("max_id"):
        max_id = _ids(params["max_id"], "max_id")[0]
        found = (found.filter(pk__lt=max_id) if max_id else found).order_by("-pk")
    else:
        found = found.order_by("pk")
    rows = [_item(article) for article in found[:ITEMS_PER_CALL]]
    return {"items": rows, "total_items": queries.articles().count()}


def _item(article: Article) -> dict:
    return {
        "id": article.pk,
        "feed_id": article.source_id,
        "title": article.title,
        "author": article.author,
        "html": item_html(article),
        "url": article.url,
        "is_saved": 0,
        "is_read": 0,
        "created_on_time": _epoch(article.published_at or article.fetched_at),
    }


def item_html(article: Article) -> str:
    """The article as its page shows it: lede, visible image only, body; text escaped."""
    parts = []
    if article.removed_at_source:
        parts.append("<p><em>This article was removed at its source.</em></p>")
    if article.lede:
        parts.append(f"<p><strong>{escape(article.lede)}</strong></p>")
    if article.visible_image_url:
        parts.append(f'<p><img src="{escape(article.visible_image_url)}" alt=""></p>')
    parts.append(linebreaks(article.body, autoescape=True))
    return "\n".join(parts)


def unread_item_ids(params) -> dict:
    newest = queries.articles().order_by("-pk").values_list("pk", flat=True)[:UNREAD_IDS]
    return {"unread_item_ids": _csv(newest)}


def saved_item_ids(params) -> dict:
    return {"saved_item_ids": ""}


def favicons(params) -> dict:
    return {"favicons": []}


def links(params) -> dict:
    return {"links": []}


def mark(params) -> dict:
    """Read-only: marking read or saved is accepted and forgotten."""
    return {}


PARTS = {
    "groups": groups,
    "feeds": feeds,
    "items": items,
    "unread_item_ids": unread_item_ids,
    "saved_item_ids": saved_item_ids,
    "favicons": favicons,
    "links": links,
    "mark": mark,
}
