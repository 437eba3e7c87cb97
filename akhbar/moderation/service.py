"""Report handling and moderators' decisions: the only code that changes image states.

Ordering rule: the report row is written first (its uniqueness constraint
makes repeated reports count once), then the counters move with atomic
UPDATEs, then a conditional UPDATE hides the image — only the request whose
UPDATE changes the row records the hide event, so concurrent reports give
exactly one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from akhbar.moderation.identity import Reporter
from akhbar.moderation.models import (
    ArticleReport,
    AuditEntry,
    BannedImageHost,
    Decision,
    ImageReport,
    ImageStatus,
)
from akhbar.moderation.models import ImageStatusState as State
from akhbar.news.models import Article, ImageState

ARTICLE_STATE = {
    State.SHOWN: ImageState.SHOWN,
    State.RESTORED: ImageState.SHOWN,
    State.HIDDEN: ImageState.HIDDEN,
    State.CONFIRMED: ImageState.CONFIRMED,
    State.BANNED: ImageState.BANNED,
}


@dataclass(frozen=True)
class Thresholds:
    hide_after: float = 3.0  # weighted distinct reporters
    hide_again_after: float = 6.0  # after a moderator restored the image
    network_window: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class ReportOutcome:
    counted: bool  # False when this reporter had already reported this image
    hidden_now: bool  # True for exactly one report: the one that hid the image


def network_weight(status: ImageStatus, network: str, window_start: datetime) -> float:
    """1 for a network's first report of this image in the window, then 1/2, 1/4, ..."""
    earlier = status.reports.filter(network=network, created_at__gte=window_start).count()
    return 0.5**earlier


def report_image(
    article: Article, reporter: Reporter, reason: str, now: datetime, thresholds: Thresholds
) -> ReportOutcome:
    status, _ = ImageStatus.objects.get_or_create(image_url=article.image_url)
    weight = network_weight(status, reporter.network, now - thresholds.network_window)
    try:
        with transaction.atomic():
            ImageReport.objects.create(
                status=status,
                article=article,
                reporter=reporter.key,
                network=reporter.network,
                reason=reason,
                weight=weight,
            )
    except IntegrityError:
        return ReportOutcome(counted=False, hidden_now=False)
    ImageStatus.objects.filter(pk=status.pk).update(
        report_count=F("report_count") + 1, score=F("score") + weight
    )
    return ReportOutcome(counted=True, hidden_now=_hide_if_due(status, now, thresholds))


def _hide_if_due(status: ImageStatus, now: datetime, thresholds: Thresholds) -> bool:
    due = Q(state=State.SHOWN, score__gte=thresholds.hide_after) | Q(
        state=State.RESTORED, score__gte=thresholds.hide_again_after
    )
    with transaction.atomic():
        changed = ImageStatus.objects.filter(due, pk=status.pk).update(
            state=State.HIDDEN, hidden_at=now
        )
        if changed:
            propagate(status.image_url, State.HIDDEN)
            AuditEntry.objects.create(
                decision=Decision.AUTO_HIDE,
                subject=status.image_url,
                reason="distinct readers' reports reached the threshold",
            )
    return bool(changed)


def propagate(image_url: str, state: str) -> int:
    """Give every article showing this image the image's state (wire copies included)."""
    return Article.objects.filter(image_url=image_url).update(image_state=ARTICLE_STATE[state])


@transaction.atomic
def decide(status: ImageStatus, decision: str, moderator, why: str, now: datetime) -> None:
    """A moderator's decision on one image, applied everywhere and written to the audit log."""
    changes = {
        Decision.CONFIRM: {"state": State.CONFIRMED},
        Decision.RESTORE: {"state": State.RESTORED, "score": 0.0, "restored_at": now},
        Decision.BAN_URL: {"state": State.BANNED},
    }[decision]
    ImageStatus.objects.filter(pk=status.pk).update(moderator_note=why, **changes)
    propagate(status.image_url, changes["state"])
    AuditEntry.objects.create(
        moderator=moderator, decision=decision, subject=status.image_url, reason=why
    )


def image_host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@transaction.atomic
def ban_host(host: str, moderator, why: str) -> int:
    """Ban every image from a host, now and for articles still to come."""
    host = host.lower().strip()
    BannedImageHost.objects.get_or_create(host=host)
    prefixes = Q(image_url__istartswith=f"https://{host}/") | Q(
        image_url__istartswith=f"http://{host}/"
    )
    changed = Article.objects.filter(prefixes).update(image_state=ImageState.BANNED)
    AuditEntry.objects.create(
        moderator=moderator, decision=Decision.BAN_HOST, subject=host, reason=why
    )
    return changed


def initial_image_state(image_url: str) -> str:
    """The state a newly stored article's image starts in (bans and hides carry over)."""
    if not image_url:
        return ImageState.NONE
    if BannedImageHost.objects.filter(host=image_host(image_url)).exists():
        return ImageState.BANNED
    state = ImageStatus.objects.filter(image_url=image_url).values_list("state", flat=True).first()
    return ARTICLE_STATE[state] if state else ImageState.SHOWN


def report_article(article: Article, reporter: Reporter, reason: str, comment: str) -> bool:
    """Queue a report about an article for moderators; returns False for a repeat."""
    try:
        with transaction.atomic():
            ArticleReport.objects.create(
                article=article, reporter=reporter.key, reason=reason, comment=comment[:1000]
            )
    except IntegrityError:
        return False
    return True
