"""Scale-out throughput: articles per second from newsweb to PostgreSQL with 1, 2 and 4 Celery
worker processes, against the embedded runner (`crawl_once` on SQLite) in the same run; and
the broker's cost per task (a no-op task's round trip) against a bare Redis round trip.

Every deployment is started from deploy/Procfile (tests/scaleout/harness.py), on its own
scratch database and its own redis-server; the clock runs from the first tick to the moment
the last expected article is stored (worker start-up, ~5 s of imports, is not counted).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PING_SCRIPT = r"""
import os, sys, time
import django
django.setup()
from akhbar.ingest.tasks import ping
import redis
n = int(sys.argv[1])
ping.delay(0).get(timeout=60)  # warm up
started = time.perf_counter()
for i in range(n):
    ping.delay(i).get(timeout=60)
celery = (time.perf_counter() - started) / n
client = redis.Redis.from_url(os.environ["REDIS_URL"])
started = time.perf_counter()
for i in range(n):
    client.lpush("bench:q", i)
    client.brpop("bench:q", timeout=5)
bare = (time.perf_counter() - started) / n
print(celery, bare)
"""

EMBEDDED_SCRIPT = r"""
import time
import django
django.setup()
from akhbar.ingest import pipeline
started = time.perf_counter()
summary = pipeline.crawl_once()
print(time.perf_counter() - started, summary.articles["new"] + summary.articles["held"])
"""


def _setup():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()


@contextlib.contextmanager
def own_redis():
    from tests.scaleout.test_faults import OwnRedis

    server = OwnRedis()
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@contextlib.contextmanager
def migrated_template(tmp: Path, redis_url: str):
    """One database migrated by the Procfile's release step; each run gets a clone."""
    from tests.scaleout.harness import cluster_env, procfile
    from tests.scaleout.harness import run as shell
    from tests.support import scratch_postgres

    with scratch_postgres() as database_url:
        shell(procfile()["release"], cluster_env(tmp / "template", database_url, redis_url))
        yield database_url.rsplit("/", 1)[1]


def celery_rate(web, workers: int, tmp: Path, redis_url: str, skipped, template) -> tuple:
    from tests.scaleout.conftest import cloned_database
    from tests.scaleout.harness import (
        Cluster,
        cluster_env,
        deactivate,
        flush_redis,
        wait_until,
    )
    from tests.support import query

    flush_redis(redis_url)
    with cloned_database(template) as database_url:
        env = cluster_env(tmp / f"c{workers}", database_url, redis_url, AKHBAR_LOG_LEVEL="ERROR")
        cluster = Cluster(env, tmp / f"logs{workers}")
        try:
            cluster.setup(web)
            for slug in skipped:
                deactivate(env, slug)
            for n in range(workers):
                cluster.worker(f"w{n}")
            for n in range(workers):
                log = cluster.logs / f"w{n}.log"
                wait_until(lambda log=log: log.exists() and b" ready." in log.read_bytes(), 90)
            started = time.monotonic()
            cluster.start("beat", "beat")
            # the end: the last article stored before the crawl fell quiet (sitemaps found on
            # the way are polled by later ticks, their articles count too)
            elapsed = wait_quiet(env, redis_url) - started
        finally:
            cluster.stop_all()
        stored = query(env, "SELECT count(*) FROM news_article")[0][0]
    return stored, elapsed


def wait_quiet(env: dict, redis_url: str, calm: float = 4.0) -> float:
    """Wait until nothing is claimed or queued and no article arrived for `calm` seconds,
    once the crawl has begun (the first tick's feed discovery can take longer than `calm` on
    a loaded machine, nothing claimed yet); returns when the last article arrived."""
    from tests.scaleout.harness import settled
    from tests.support import query

    count, changed = -1, time.monotonic()
    while True:
        now_count = query(env, "SELECT count(*) FROM news_article")[0][0]
        if now_count != count:
            count, changed = now_count, time.monotonic()
        elif count and time.monotonic() - changed > calm and settled(env, redis_url, set()):
            return changed
        time.sleep(0.2)


def embedded_rate(web, tmp: Path, skipped: list[str], database_url: str = "") -> tuple:
    """`crawl_once` (what `akhbar run` runs) in one process: SQLite, or `database_url`."""
    from tests.scaleout.harness import deactivate
    from tests.support import AKHBAR, akhbar, akhbar_env

    name = "embedded-pg" if database_url else "embedded"
    env = akhbar_env(tmp / name, AKHBAR_ALLOWED_PRIVATE_HOSTS="127.0.0.1")
    if database_url:
        env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "akhbar.settings"
    env["AKHBAR_LOG_LEVEL"] = "ERROR"
    steps = [["sources", "load-newsweb", web.base_url]]
    if not database_url:
        steps.insert(0, ["migrate", "--no-input"])
    for command in steps:
        assert akhbar(*command, env=env).returncode == 0
    for slug in skipped:
        deactivate(env, slug)
    result = subprocess.run(
        [AKHBAR[0], "-c", EMBEDDED_SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    elapsed, stored = result.stdout.split()
    return int(stored), float(elapsed)


def broker_cost(redis_url: str, tmp: Path, tasks: int) -> tuple[float, float]:
    from tests.scaleout.harness import Cluster, cluster_env, flush_redis, wait_until

    flush_redis(redis_url)
    env = cluster_env(tmp / "ping", "sqlite:///" + str(tmp / "ping.sqlite3"), redis_url)
    cluster = Cluster(env, tmp / "logs-ping")
    try:
        cluster.worker("p1")
        log = cluster.logs / "p1.log"
        wait_until(lambda: log.exists() and b" ready." in log.read_bytes(), 90)
        env = env | {"DJANGO_SETTINGS_MODULE": "akhbar.settings"}
        result = subprocess.run(
            [sys.executable, "-c", PING_SCRIPT, str(tasks)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    finally:
        cluster.stop_all()
    celery, bare = map(float, result.stdout.split())
    return celery, bare


def run(quick: bool = False) -> list[dict]:
    _setup()
    from akhbar.newsweb.testing import ANT_CORPUS, start_newsweb

    limit = 80 if quick else 480
    web = start_newsweb(ANT_CORPUS, seed=7, limit=limit, by_source=False)
    skipped = [o.slug for o in web.outlets if o.robots == "crawl_delay" or o.rate_limit]
    rows = []
    try:
        with contextlib.ExitStack() as stack:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            redis_url = stack.enter_context(own_redis())
            template = stack.enter_context(migrated_template(tmp, redis_url))
            from tests.scaleout.conftest import cloned_database

            stored, seconds = embedded_rate(web, tmp, skipped)
            anchor = stored / seconds
            if not quick:  # the same runner on PostgreSQL: what the database costs
                with cloned_database(template) as database_url:
                    stored_pg, seconds_pg = embedded_rate(web, tmp, skipped, database_url)
                rows.append(
                    {
                        "name": f"embedded: crawl_once articles/s on PostgreSQL vs SQLite "
                        f"({stored} articles)",
                        "ours": stored_pg / seconds_pg,
                        "anchor": anchor,
                        "unit": "articles/s",
                        "ratio": stored_pg / seconds_pg / anchor,
                        "goal": "(reference: the same runner on the two databases)",
                    }
                )
            for workers in (1, 2, 4):
                count, elapsed = celery_rate(web, workers, tmp, redis_url, skipped, template)
                ours = count / elapsed
                rows.append(
                    {
                        "name": f"celery: articles/s, {workers} worker process(es), PostgreSQL "
                        f"({count} articles) vs embedded crawl_once on SQLite",
                        "ours": ours,
                        "anchor": anchor,
                        "unit": "articles/s",
                        "ratio": ours / anchor,
                        "goal": "1 process ≥ 0.5 × embedded; 2 processes ≥ 1.3 × 1 (2 cores)",
                    }
                )
            celery, bare = broker_cost(redis_url, tmp, 100 if quick else 500)
            rows.append(
                {
                    "name": "celery: no-op task round trip (send, run, result) vs Redis LPUSH+BRPOP",
                    "ours": celery * 1000,
                    "anchor": bare * 1000,
                    "unit": "ms/task",
                    "ratio": celery / bare,
                    "goal": "≤ 5 % of a feed task of 10 new articles (≥ 1 s here)",
                }
            )
    finally:
        web.stop()
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
