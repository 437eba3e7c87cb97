"""Operator alerts: after each polling pass, open an alert for each outlet that went broken
or quiet, resolve the ones whose problem cleared, and tell the operator.

What an outlet's problem is comes from ``akhbar.ops.sourcehealth`` (the public health page
shows the same). Each new alert and each resolution writes one log line with the stable keys
``source``, ``stage`` ("alerts") and ``problem``; each new alert sends one e-mail when
``AKHBAR_ALERT_EMAILS`` names recipients (through Django's mail settings). The admin lists
them (Operations › Alerts).

Every step is idempotent, so that two runners evaluating at once agree: the database allows
one open alert per outlet and problem, a resolution is a conditional UPDATE, and an e-mail is
claimed (``notified_at``) before it is sent.

A flapping outlet (a feed that fails one pass in two) must not mail the operator at every
pass: a problem that comes back within ``REOPEN_WITHIN`` of its alert's resolution reopens
that alert (one log line, no second e-mail) instead of opening a new one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akhbar.news.models import Source
from akhbar.ops import health
from akhbar.ops.models import Alert
from akhbar.ops.sourcehealth import current_problems

log = logging.getLogger("akhbar.ops.alerts")

REOPEN_WITHIN = timedelta(hours=6)


@dataclass
class AlertChanges:
    opened: list[Alert] = field(default_factory=list)
    resolved: list[Alert] = field(default_factory=list)
    reopened: list[Alert] = field(default_factory=list)
    mailed: int = 0

    def line(self) -> str:
        reopened = f", {len(self.reopened)} reopened" if self.reopened else ""
        return f"alerts: {len(self.opened)} opened, {len(self.resolved)} resolved{reopened}"


def _extra(alert: Alert) -> dict:
    return {"stage": "alerts", "source": alert.source.slug, "problem": alert.problem}


def evaluate(now: datetime, *, emails: list[str] = ()) -> AlertChanges:
    """Bring the alerts in line with the outlets' current problems; mail the new ones."""
    changes = AlertChanges()
    current = {(s.pk, p.code): (s, p) for s, p in current_problems().items()}
    still_open = Alert.objects.filter(resolved_at__isnull=True).select_related("source")
    open_alerts = {(a.source_id, a.problem): a for a in still_open}
    for key, alert in open_alerts.items():
        if key not in current and resolve(alert, now):
            changes.resolved.append(alert)
    for key, (source, problem) in current.items():
        if key in open_alerts:
            continue
        if alert := reopen_recent(source, problem, now):
            changes.reopened.append(alert)
        elif alert := open_alert(source, problem, now):
            changes.opened.append(alert)
    if emails:
        changes.mailed = notify_pending(now, list(emails))
    return changes


def open_alert(source: Source, problem: health.Problem, now: datetime) -> Alert | None:
    """A new open alert, or None when another pass opened it first."""
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                source=source,
                problem=problem.code,
                since=problem.since,
                detail=problem.detail[:2000],
                opened_at=now,
            )
    except IntegrityError:
        return None
    log.warning(
        "alerts: %s: %s since %s: %s",
        source.slug,
        problem.code,
        problem.since.isoformat() if problem.since else "?",
        problem.detail or "-",
        extra=_extra(alert),
    )
    return alert


def reopen_recent(source: Source, problem: health.Problem, now: datetime) -> Alert | None:
    """Reopen the alert of this outlet and problem resolved less than ``REOPEN_WITHIN`` ago,
    if any (its e-mail was sent: none is sent again). None when there is none, or when
    another pass reopened or opened one first."""
    recent = (
        Alert.objects.filter(
            source=source, problem=problem.code, resolved_at__gte=now - REOPEN_WITHIN
        )
        .select_related("source")
        .order_by("-resolved_at")
        .first()
    )
    if recent is None:
        return None
    try:
        with transaction.atomic():
            reopened = Alert.objects.filter(pk=recent.pk, resolved_at__isnull=False).update(
                resolved_at=None
            )
    except IntegrityError:  # another pass opened a new alert for this problem meanwhile
        return None
    if not reopened:
        return None
    cleared_at, recent.resolved_at = recent.resolved_at, None
    log.warning(
        "alerts: %s: %s is back (cleared at %s): alert reopened, not mailed again",
        source.slug,
        problem.code,
        cleared_at.isoformat(),
        extra=_extra(recent),
    )
    return recent


def resolve(alert: Alert, now: datetime) -> bool:
    """Close an open alert; False when another pass closed it first."""
    if not Alert.objects.filter(pk=alert.pk, resolved_at__isnull=True).update(resolved_at=now):
        return False
    alert.resolved_at = now
    log.info("alerts: %s: %s resolved", alert.source.slug, alert.problem, extra=_extra(alert))
    return True


def notify_pending(now: datetime, emails: list[str]) -> int:
    """One e-mail per open alert not mailed yet; a failed send is tried again next pass."""
    pending = Alert.objects.filter(resolved_at__isnull=True, notified_at__isnull=True)
    return sum(notify(alert, now, emails) for alert in pending.select_related("source"))


def notify(alert: Alert, now: datetime, emails: list[str]) -> bool:
    # claim the alert first: of two passes, only the one whose UPDATE matched sends
    claimed = Alert.objects.filter(pk=alert.pk, notified_at__isnull=True)
    if not claimed.update(notified_at=now):
        return False
    subject, body = message(alert)
    try:
        send_mail(subject, body, None, emails)
    except Exception as error:  # SMTP down, bad address: keep the alert, mail it next pass
        Alert.objects.filter(pk=alert.pk).update(notified_at=None)
        log.error("alerts: mail about %s failed: %s", alert, error, extra=_extra(alert))
        return False
    alert.notified_at = now
    return True


def message(alert: Alert) -> tuple[str, str]:
    """The e-mail's subject and body, in the site's language."""
    values = {
        "source": alert.source.display_name,
        "problem": alert.get_problem_display(),
        "since": alert.since.isoformat() if alert.since else "?",
        "detail": alert.detail or "-",
    }
    subject = _("Akhbar: %(source)s: %(problem)s") % values
    body = _(
        "%(source)s: %(problem)s, since %(since)s.\n\n%(detail)s\n\n"
        "Open alerts: /admin/ops/alert/?state=open\nSource health: /sources/health/\n"
    )
    return subject, body % values


def evaluate_safely(now: datetime | None = None) -> AlertChanges | None:
    """evaluate() with the settings, for the runners: logs and swallows any failure (alerts
    must never stop the crawl)."""
    try:
        return evaluate(now or timezone.now(), emails=settings.AKHBAR_ALERT_EMAILS)
    except Exception:
        log.exception("alerts: evaluation failed", extra={"stage": "alerts"})
        return None
