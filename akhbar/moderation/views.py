"""Readers' report forms: a confirmation page (GET), the report itself (POST, CSRF-protected).

The article pages are shared by every reader (a front proxy caches them), so their report
forms carry no CSRF token. With JavaScript, report.js fetches a token from ``/csrf/`` and
posts the form here, asking for JSON. Without it, the form's GET leads to the confirmation
page below, which is this reader's own (never cached, holding a token) and posts the report.
"""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from akhbar.moderation import ratelimit
from akhbar.moderation.identity import Reporter, remember, reporter_for
from akhbar.moderation.models import ArticleReason, ImageReason
from akhbar.moderation.service import Thresholds, report_article, report_image
from akhbar.news.models import Article
from akhbar.ops import metrics
from akhbar.web.templatetags.akhbar_pages import digits


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
        "seconds": digits(retry_after)
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


def confirmation(request, article: Article, kind: str, reasons) -> HttpResponse:
    """The report form again, its reason filled in from the query, with this reader's CSRF
    token. A comment is typed here, never taken from the query: it would sit in URLs."""
    if article.held_reason:  # readers never see a held article, nor its title here
        raise Http404("report: no such article")
    reason = request.GET.get("reason", "")
    context = {
        "article": article,
        "kind": kind,
        "reasons": reasons.choices,
        "reason": reason if reason in reasons.values else "",
    }
    return render(request, "moderation/report.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def report_image_view(request, article_id: int):
    article = get_object_or_404(Article.objects.select_related("source"), pk=article_id)
    if not article.image_url:
        return HttpResponse(_("This article has no image."), status=404)
    if request.method == "GET":
        return confirmation(request, article, "image", ImageReason)
    reporter = identify(request)
    if (retry_after := rate_limited(reporter)) is not None:
        return too_many(request, retry_after)
    reason = request.POST.get("reason", "")
    reason = reason if reason in ImageReason.values else ""
    outcome = report_image(article, reporter, reason, timezone.now(), thresholds())
    metrics.REPORTS_RECEIVED.labels(kind="image").inc()
    return answer(request, reporter, article, thanks_for_image(), "image", counted=outcome.counted)


@never_cache
@require_http_methods(["GET", "POST"])
def report_article_view(request, article_id: int):
    article = get_object_or_404(Article.objects.select_related("source"), pk=article_id)
    if request.method == "GET":
        return confirmation(request, article, "article", ArticleReason)
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
