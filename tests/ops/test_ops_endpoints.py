"""Probes, metrics, the public health page, backups and retention."""

import json
import logging
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from akhbar.news.export import export_records
from akhbar.news.models import Article, Feed
from akhbar.ops import metrics
from akhbar.ops.jsonlog import JsonFormatter

pytestmark = pytest.mark.django_db


def test_it_answers_liveness_and_readiness(client):
    # it should answer ok while the database answers
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "problems": []}


def test_it_reports_not_ready_when_redis_is_configured_but_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    # it should answer 503 and name Redis
    assert response.status_code == 503 and "redis" in response.json()["problems"][0]


def test_it_exposes_the_counters_to_prometheus(client, agency):
    metrics.REPORTS_RECEIVED.labels(kind="image").inc()
    Feed.objects.create(source=agency, url="https://wakala.test/rss")
    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    # it should expose every family the operators graph
    for name in (
        "akhbar_fetches_total",
        "akhbar_stage_seconds",
        "akhbar_queue_depth 1.0",
        "akhbar_articles_ingested_total",
        "akhbar_duplicates_folded_total",
        'akhbar_reports_received_total{kind="image"}',
    ):
        assert name in text


def test_it_keeps_metrics_from_strangers(client):
    # it should refuse addresses not allowed by AKHBAR_METRICS_ALLOWED_IPS
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 403


def test_it_shows_a_blocked_outlet_on_the_health_page(client, agency, dispatch):
    Feed.objects.create(
        source=agency,
        url="https://wakala.test/rss",
        consecutive_errors=4,
        last_error_kind="http",
        last_error="fetch: HTTP 403 Forbidden",
        last_success_at=timezone.now() - timedelta(hours=6),
    )
    html = client.get("/sources/health/").content.decode()
    # it should list the outlet with its current problem
    assert 'data-source="wakala"' in html and 'data-problem="blocked"' in html


# SQLite's backup API reads the file from another connection: the data must be
# committed, so the test is transactional there (and only there).
@pytest.mark.django_db(transaction=connection.vendor == "sqlite")
def test_it_restores_a_backup_into_an_identical_archive(tmp_path, dispatch, wire_copy):
    if connection.vendor != "sqlite":
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup", "--output", str(tmp_path / "b.sqlite3"))
        return
    before = list(export_records())
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", "--output", str(backup))
    Article.objects.all().delete()
    call_command("restore", str(backup))
    # it should bring back every article exactly as it was
    assert list(export_records()) == before


def test_it_drops_old_bodies_but_keeps_metadata(dispatch):
    Article.objects.filter(pk=dispatch.pk).update(published_at=timezone.now() - timedelta(days=400))
    call_command("prune", "--bodies-older-than", "365")
    dispatch.refresh_from_db()
    # it should empty the body and keep title, URL and date
    assert dispatch.body == "" and dispatch.title and dispatch.url


def test_it_logs_json_with_stable_keys():
    record = logging.LogRecord(
        "akhbar.ingest", logging.WARNING, __file__, 1, "fetch failed", None, None
    )
    record.source, record.feed_url, record.stage = "wakala", "https://wakala.test/rss", "fetch"
    entry = json.loads(JsonFormatter().format(record))
    # it should carry the message and the stable keys
    assert entry["message"] == "fetch failed"
    assert (entry["source"], entry["feed_url"], entry["stage"]) == (
        "wakala",
        "https://wakala.test/rss",
        "fetch",
    )
