"""Operator alerts: an outlet breaks, one polling cycle later the operator knows (a row, a log
line, an e-mail, the admin dashboard); the fault clears, the next cycle resolves the alert."""

import logging
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from akhbar.ingest.runner import EmbeddedRunner
from akhbar.news.models import Feed, Source
from akhbar.ops import alerts
from akhbar.ops.jsonlog import JsonFormatter
from akhbar.ops.models import Alert
from tests.ingest.test_pipeline_fixtures import crawl, register, serve
from tests.ops.newsweb_faults import NEXT_CYCLE

OPERATOR = "ops@akhbar.test"
ALERTS_PAGE = "/admin/ops/alert/"


@pytest.fixture
def web():
    """The simulated news web of the demo corpus, seed 7 (six outlets)."""
    yield from serve()


@pytest.fixture
def operator(settings) -> str:
    """The operator who asked for alert e-mails."""
    settings.AKHBAR_ALERT_EMAILS = [OPERATOR]
    return OPERATOR


def cycle(web) -> alerts.AlertChanges:
    """One polling cycle as the Celery tick runs it: the crawl pass, then the alerts."""
    crawl(web)
    return alerts.evaluate_safely(web.clock.now())


def alert_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "stage", None) == "alerts"]


def blocked_feed(source: Source, **fields) -> Feed:
    """A feed whose last poll met a 403 (one failed poll after a success)."""
    now = timezone.now()
    values = {
        "consecutive_errors": 1,
        "last_error_kind": "http",
        "last_error": "fetch: HTTP 403 from https://wakala.test/rss",
        "last_success_at": now - timedelta(hours=1),
        "last_checked_at": now,
    }
    return Feed.objects.create(source=source, url="https://wakala.test/rss", **values | fields)


@pytest.mark.django_db(transaction=True)
def test_it_alerts_once_on_a_fault_and_resolves_when_it_clears(
    web, operator, mailoutbox, caplog, client, admin_client
):
    caplog.set_level(logging.INFO, logger="akhbar.ops.alerts")
    register(web)
    healthy = cycle(web)
    # it should raise nothing while every outlet answers
    assert healthy.opened == [] and not Alert.objects.exists() and mailoutbox == []
    outlet = web.outlets[0]
    web.set_fault("http_403", outlet=outlet.slug)
    web.clock.advance(NEXT_CYCLE.total_seconds())
    broken_at = web.clock.now()
    cycle(web)
    alert = Alert.objects.get()
    # it should open one alert, for that outlet and that problem, dated
    assert (alert.source.slug, alert.problem, alert.opened_at) == (
        outlet.slug,
        "blocked",
        broken_at,
    )
    assert alert.resolved_at is None and "403" in alert.detail
    # it should log one line with the stable keys
    [line] = alert_lines(caplog)
    assert (line.source, line.stage, line.problem) == (outlet.slug, "alerts", "blocked")
    assert '"problem": "blocked"' in JsonFormatter().format(line)
    # it should mail the operator once, and remember it did
    [mail] = mailoutbox
    assert mail.to == [OPERATOR] and alert.source.display_name in mail.subject
    assert Alert.objects.get().notified_at == broken_at
    # it should show the alert to the staff on the admin dashboard, and to no one else
    dashboard = admin_client.get(ALERTS_PAGE + "?state=open").content.decode()
    assert f"{ALERTS_PAGE}{alert.pk}/change/" in dashboard
    assert client.get(ALERTS_PAGE).status_code == 302
    assert client.get(ALERTS_PAGE, follow=True).request["PATH_INFO"] == "/admin/login/"
    web.clear_faults()
    web.clock.advance(timedelta(minutes=10).total_seconds())  # the backoff after one error
    recovered = cycle(web)
    alert.refresh_from_db()
    # it should resolve the alert in the next cycle, log it, and neither mail nor open more
    assert recovered.resolved == [alert] and alert.resolved_at == web.clock.now()
    assert [r.getMessage() for r in alert_lines(caplog)][1:] == [
        f"alerts: {outlet.slug}: blocked resolved"
    ]
    assert len(mailoutbox) == 1 and Alert.objects.count() == 1


@pytest.mark.django_db
def test_it_opens_no_second_alert_for_the_same_problem(agency, operator, mailoutbox):
    blocked_feed(agency)
    first = alerts.evaluate(timezone.now(), emails=[operator])
    again = alerts.evaluate(timezone.now(), emails=[operator])
    # it should keep the one open alert, and mail about it once
    assert len(first.opened) == 1 and again.opened == [] and again.resolved == []
    assert Alert.objects.count() == 1 and len(mailoutbox) == 1
    # it should refuse, in the database itself, a second open alert (two runners at once)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(source=agency, problem="blocked", opened_at=timezone.now())


@pytest.mark.django_db
def test_it_opens_a_new_alert_when_the_problem_changes(agency):
    feed = blocked_feed(agency)
    alerts.evaluate(timezone.now())
    Feed.objects.filter(pk=feed.pk).update(
        last_error_kind="timeout", last_error="fetch: timed out (ReadTimeout)"
    )
    changes = alerts.evaluate(timezone.now())
    # it should resolve "blocked" and open "timing out"
    assert [a.problem for a in changes.resolved] == ["blocked"]
    assert [a.problem for a in changes.opened] == ["timing_out"]


@pytest.mark.django_db
def test_it_mails_again_next_pass_when_the_mail_server_was_down(
    agency, operator, settings, mailoutbox, caplog
):
    blocked_feed(agency)
    locmem = settings.EMAIL_BACKEND
    # a real SMTP client, towards a port where nothing listens
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    failed = alerts.evaluate(timezone.now(), emails=[operator])
    # it should keep the alert unmailed, and say so in the log
    assert failed.mailed == 0 and Alert.objects.get().notified_at is None
    assert any("mail about" in r.getMessage() for r in alert_lines(caplog))
    settings.EMAIL_BACKEND = locmem
    retried = alerts.evaluate(timezone.now(), emails=[operator])
    # it should send it on the next pass, once
    assert retried.mailed == 1 and len(mailoutbox) == 1
    assert Alert.objects.get().notified_at is not None


@pytest.mark.django_db
def test_it_sends_no_mail_without_recipients(agency, mailoutbox):
    blocked_feed(agency)
    changes = alerts.evaluate_safely()
    # it should open the alert for the dashboard and the log only
    assert len(changes.opened) == 1 and mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_crawl_once_evaluates_the_alerts_after_its_pass(agency):
    blocked_feed(agency, active=False)  # nothing to poll: the pass itself does nothing
    Feed.objects.update(active=True, next_check_at=timezone.now() + timedelta(days=1))
    out = StringIO()
    call_command("crawl", "--once", stdout=out)
    # it should open the alert and say so in its summary
    assert "crawl: alerts: 1 opened, 0 resolved" in out.getvalue()
    assert Alert.objects.get().problem == "blocked"


@pytest.mark.django_db(transaction=True)
def test_the_embedded_runner_evaluates_the_alerts_after_each_pass(agency):
    blocked_feed(agency)
    passes = threading.Event()
    runner = EmbeddedRunner(lambda stop: passes.set(), interval=0.05)
    runner.start()
    deadline = time.monotonic() + 30
    while not Alert.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    runner.stop(timeout=10)
    # it should open the alert from its own thread, after a pass
    assert passes.is_set() and Alert.objects.get().problem == "blocked"


@pytest.mark.django_db
def test_it_reopens_instead_of_mailing_again_when_an_outlet_flaps(
    agency, operator, mailoutbox, caplog
):
    feed = blocked_feed(agency)
    now = timezone.now()
    alerts.evaluate(now, emails=[operator])
    Feed.objects.filter(pk=feed.pk).update(consecutive_errors=0, last_error_kind="")
    cleared = alerts.evaluate(now + timedelta(minutes=5), emails=[operator])
    Feed.objects.filter(pk=feed.pk).update(consecutive_errors=1, last_error_kind="http")
    back = alerts.evaluate(now + timedelta(minutes=10), emails=[operator])
    # it should resolve the alert, then reopen that same alert, and mail the operator once
    assert len(cleared.resolved) == 1 and back.opened == [] and len(back.reopened) == 1
    assert Alert.objects.count() == 1 and Alert.objects.get().is_open
    assert len(mailoutbox) == 1
    assert any("reopened" in r.getMessage() for r in alert_lines(caplog))


@pytest.mark.django_db
def test_it_opens_and_mails_a_new_alert_when_the_problem_comes_back_days_later(
    agency, operator, mailoutbox
):
    feed = blocked_feed(agency)
    now = timezone.now()
    alerts.evaluate(now, emails=[operator])
    Feed.objects.filter(pk=feed.pk).update(consecutive_errors=0, last_error_kind="")
    alerts.evaluate(now + timedelta(minutes=5), emails=[operator])
    Feed.objects.filter(pk=feed.pk).update(consecutive_errors=1, last_error_kind="http")
    later = alerts.evaluate(now + alerts.REOPEN_WITHIN + timedelta(hours=1), emails=[operator])
    # it should treat a problem back after the reopening window as a new one, mailed again
    assert len(later.opened) == 1 and later.reopened == []
    assert Alert.objects.count() == 2 and len(mailoutbox) == 2
