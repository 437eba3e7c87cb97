"""The Celery application of the scale-out runner, configured from Django's settings.

Celery only decides *when* and *where* the pipeline runs; the tasks (``akhbar.ingest.tasks``)
call the same pipeline functions as ``akhbar run``. Broker and result store: ``REDIS_URL``.

Delivery rules, and why:

- ``acks_late`` + ``task_reject_on_worker_lost``: a task is acknowledged after it ran, so a
  worker killed mid-task (kill -9, OOM, a lost machine) leaves its message to be delivered
  again; every task is idempotent (conditional UPDATEs, unique URLs, upserts).
- a Redis broker redelivers an unacknowledged message after ``visibility_timeout``: it must
  outlast the longest task (the hard time limit), else a slow task would run twice at once.
- the database is the record, Redis only carries notifications: a feed is claimed in
  PostgreSQL (``claimed_until``) before its task is sent, so a message lost with a Redis
  restart only delays that feed until its lease runs out and the next tick claims it again.
"""

from __future__ import annotations

import os

import django
from celery import Celery

QUEUE = "akhbar"


def celery_config(settings) -> dict:
    """Celery's configuration for these Django settings (plain data, for tests and docs)."""
    limit = settings.AKHBAR_TASK_TIME_LIMIT
    # a message may stay unacknowledged a little longer than the longest task; a redelivery
    # of a task still running is harmless (the feed's lock), a late one only slower
    visibility = limit + max(5, limit // 10)
    transport = {
        "visibility_timeout": visibility,
        # look for messages of dead workers often enough for the visibility timeout above
        "unacked_restore_interval": max(1, min(10, visibility // 4)),
        "unacked_restore_throttle": 1,
        # a Redis that vanishes without closing the socket must not hang a publish forever
        "socket_timeout": 30,
        "socket_connect_timeout": 5,
        "health_check_interval": 10,
    }
    return {
        "broker_url": settings.REDIS_URL,
        "result_backend": settings.REDIS_URL,
        "broker_transport_options": transport,
        "result_backend_transport_options": {"socket_timeout": 30, "socket_connect_timeout": 5},
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,  # a worker waits for Redis, it never gives up
        "task_default_queue": QUEUE,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,  # a task that raised is dead-lettered, not looped
        "worker_prefetch_multiplier": 1,  # a feed task can take minutes: no hoarding
        "task_time_limit": limit,
        "task_soft_time_limit": max(1, int(limit * 0.9)),
        "task_ignore_result": True,  # tasks that return something useful say so
        "result_expires": 3600,
        "task_serializer": "json",
        "accept_content": ["json"],
        "timezone": "UTC",
        "worker_hijack_root_logger": False,  # Django's LOGGING (plain or JSON) stays in charge
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "beat_schedule": beat_schedule(settings),
        "beat_schedule_filename": str(settings.DATA_DIR / "celerybeat-schedule"),
    }


def beat_schedule(settings) -> dict:
    """The tick that claims due feeds, and the hourly repairs."""
    interval = settings.AKHBAR_SCHEDULE_INTERVAL
    return {
        "akhbar-tick": {
            "task": "akhbar.tick",
            "schedule": float(interval),
            # ticks do not pile up while the workers are down: a stale one is dropped
            "options": {"expires": float(interval)},
        },
        "akhbar-recheck": {"task": "akhbar.recheck", "schedule": 300.0},
        "akhbar-recluster": {"task": "akhbar.recluster", "schedule": 3600.0},
        "akhbar-reindex-stale": {"task": "akhbar.reindex", "schedule": 3600.0},
    }


def make_app() -> Celery:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings")
    django.setup()  # `celery -A akhbar.ingest.celery_app` works too; a no-op under Django
    from django.conf import settings

    celery = Celery("akhbar", include=["akhbar.ingest.tasks"])
    celery.conf.update(celery_config(settings))
    return celery


app = make_app()
