"""Liveness, readiness and metrics endpoints for operators and their probes."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from akhbar.ops import metrics
from akhbar.ops.sourcehealth import due_feed_count


@never_cache
def healthz(request):
    """The process answers: nothing else is checked."""
    return JsonResponse({"status": "ok"})


def _database_ready() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure means not ready; say which
        return f"database: {exc}"
    return None


def _redis_ready() -> str | None:
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
    except Exception as exc:
        return f"redis: {exc}"
    return None


@never_cache
def readyz(request):
    """The database (and Redis, when configured) answer; 503 with the reason otherwise."""
    problems = [p for p in (_database_ready(), _redis_ready()) if p]
    status = 503 if problems else 200
    return JsonResponse(
        {"status": "fail" if problems else "ok", "problems": problems}, status=status
    )


@never_cache
def metrics_view(request):
    if request.META.get("REMOTE_ADDR") not in settings.AKHBAR_METRICS_ALLOWED_IPS:
        return HttpResponse("metrics: not from this address", status=403, content_type="text/plain")
    metrics.QUEUE_DEPTH.set(due_feed_count(timezone.now()))
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
