"""Readers' report forms: plain POSTs that work without JavaScript, JSON for the inline script."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akhbar.moderation import ratelimit
from akhbar.moderation.identity import Reporter, remember, reporter_for
from akhbar.moderation.models import ArticleReason, ImageReason
from akhbar.moderation.service import Thresholds, report_article, report_image
from akhbar.news.models import Article
from akhbar.ops import metrics


def thresholds() -> Thresholds:
    return Thresholds(
        hide_after=settings.AKHBAR_REPORT_THRESHOLD,
        hide_again_after=settings.AKHBAR_REPORT_THRESHOLD_RESTORED,
    )


def thanks_for_image() -> str:
    return _(
        "Thanks for reporting! This image will be hidden automatically "
        "when several people report it."
    )


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def too_many(request, retry_after: int) -> HttpResponse:
    message = _("Too many reports from you. Please try again in %(seconds)s seconds.") % {
        "seconds": retry_after
    }
    if wants_json(request):
        response = JsonResponse({"error": "rate_limited", "message": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(reporter: Reporter) -> int | None:
    """Seconds to wait when this reporter or its network reported too much this minute."""
    return ratelimit.hit(
        f"reporter:{reporter.key}", settings.AKHBAR_REPORT_LIMIT_REPORTER, 60
    ) or ratelimit.hit(f"network:{reporter.network}", settings.AKHBAR_REPORT_LIMIT_NETWORK, 60)


def identify(request) -> Reporter:
    return reporter_for(request, settings.AKHBAR_REPORT_SALT, settings.AKHBAR_TRUSTED_PROXIES)


def answer(request, reporter: Reporter, article: Article, message: str, anchor: str, **extra):
    if wants_json(request):
        response = JsonResponse({"message": message, **extra})
    else:
        response = redirect(f"{article.get_absolute_url()}?reported={anchor}#{anchor}")
    remember(response, reporter)
    return response


@require_POST
def report_image_view(request, article_id: int):
    article = get_object_or_404(Article.objects.select_related("source"), pk=article_id)
    if not article.image_url:
        return HttpResponse(_("This article has no image."), status=404)
    reporter = identify(request)
    if (retry_after := rate_limited(reporter)) is not None:
        return too_many(request, retry_after)
    reason = request.POST.get("reason", "")
    reason = reason if reason in ImageReason.values else ""
    outcome = report_image(article, reporter, reason, timezone.now(), thresholds())
    metrics.REPORTS_RECEIVED.labels(kind="image").inc()
    return answer(request, reporter, article, thanks_for_image(), "image", counted=outcome.counted)


@require_POST
def report_article_view(request, article_id: int):
    article = get_object_or_404(Article.objects.select_related("source"), pk=article_id)
    reason = request.POST.get("reason", "")
    if reason not in ArticleReason.values:
        return HttpResponse(_("Choose what is wrong with the article."), status=400)
    reporter = identify(request)
    if (retry_after := rate_limited(reporter)) is not None:
        return too_many(request, retry_after)
    report_article(article, reporter, reason, request.POST.get("comment", ""))
    metrics.REPORTS_RECEIVED.labels(kind="article").inc()
    message = _("Thank you! A moderator will look at this article.")
    return answer(request, reporter, article, message, "article")
