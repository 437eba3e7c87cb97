"""Crash safety: kill -9 the crawler at random moments, restart it, lose nothing, double nothing.

The crawler runs in child processes on a file SQLite database, against a real newsweb. To make
twenty-odd restarts affordable, the children are forked from a parent that has already
imported Django and the pipeline (a restart costs milliseconds instead of a 3-second import);
each child is a full `crawl_once` pass with its own database connection and event loop, and it
is killed with SIGKILL at a seeded random moment. At the end the database must equal newsweb's
ground truth: every servable article once, none half-written.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from akhbar.ingest.draft import content_hash
from tests.ingest.test_pipeline_fixtures import open_newsweb, servable

KILLS = 20  # passes actually killed mid-crawl
MAX_PASSES = 120
LEASE_SECONDS = 1.0  # a killed pass's claims run out this soon
SEED = 20261129
ROOT = Path(__file__).resolve().parents[2]

# The parent: set up once, then fork one crawler per "run" line and report how it ended.
PARENT = r"""
import io, os, sys
LEASE_SECONDS = float(sys.argv[3])
import django
django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.db import connections
from akhbar.ingest import pipeline
from django.utils import timezone
from akhbar.news.models import Feed, Source

call_command("migrate", verbosity=0)
call_command("sources", "load-newsweb", sys.argv[1], stdout=io.StringIO(), stderr=io.StringIO())
# the outlet whose robots.txt sets Crawl-delay: 2 would make every pass last a minute
Source.objects.filter(slug=sys.argv[2]).update(active=False)
connections.close_all()
print("ready", flush=True)
for line in sys.stdin:
    # every feed due at every restart, so that each pass has work to be killed in
    Feed.objects.update(next_check_at=timezone.now())
    connections.close_all()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            pipeline.crawl_once(lease=timedelta(seconds=LEASE_SECONDS))
        except BaseException as error:
            print(f"crawl failed: {error!r}", file=sys.stderr, flush=True)
            code = 1
        os._exit(code)
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print("exit", status, flush=True)
"""


def crawler_environment(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "DJANGO_SETTINGS_MODULE": "akhbar.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kill.sqlite3'}",
        "AKHBAR_DATA_DIR": str(tmp_path),
        "AKHBAR_SECRET_KEY": "kill-test",
        "AKHBAR_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "AKHBAR_LOG_LEVEL": "CRITICAL",
    }


class Crawlers:
    """The forking parent, and one crawl pass at a time."""

    def __init__(self, web, tmp_path: Path, skipped_outlet: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", PARENT, web.base_url, skipped_outlet, str(LEASE_SECONDS)],
            cwd=ROOT,
            env=crawler_environment(tmp_path),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def start(self) -> int:
        self.process.stdin.write("run\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def wait(self) -> int:
        return int(self.process.stdout.readline().split()[1])

    def kill_after(self, delay: float) -> bool:
        """Start a pass and SIGKILL it after `delay`; False if it had finished by then."""
        pid = self.start()
        time.sleep(delay)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return self.wait() and False
        return self.wait() == signal.SIGKILL

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def stored_articles(tmp_path: Path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "kill.sqlite3") as db:
        return db.execute(
            "SELECT url, title, lede, body, content_hash FROM news_article"
        ).fetchall()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="the kill test runs on its own file SQLite database; once per suite is enough",
)
def test_it_survives_kill_9_at_random_moments(tmp_path):
    web = open_newsweb()
    try:
        slow = next(o.slug for o in web.outlets if o.robots == "crawl_delay")
        crawlers = Crawlers(web, tmp_path, slow)
        rng, kills, latest = random.Random(SEED), 0, 1.0
        for passes in range(1, MAX_PASSES + 1):  # noqa: B007 - reported below
            web.clock.advance(300)  # outlets publish (and edit) as the kills go on
            killed = crawlers.kill_after(rng.uniform(0.02, latest))
            kills += killed
            if not killed:  # the pass finished first: passes are quicker than that
                latest = max(0.05, latest * 0.7)
            if kills >= KILLS:
                break
        # then let it finish: a few unkilled passes pick up what the killed ones left, each
        # once the killed pass's claims have run out (a 1-second lease)
        for _ in range(3):
            time.sleep(LEASE_SECONDS + 0.5)
            crawlers.start()
            assert crawlers.wait() == 0
        crawlers.close()
        gold = {u: g for u, g in servable(web).items() if g["outlet"] != slow}
        rows = stored_articles(tmp_path)
    finally:
        web.stop()
    print(f"kill test: {kills} passes killed mid-crawl out of {passes}; {len(rows)} articles")
    # it should have been killed mid-crawl at least KILLS times
    assert kills >= KILLS
    urls = [row[0] for row in rows]
    # it should store every servable article, and each one once
    assert sorted(urls) == sorted(gold)
    for url, title, lede, body, stored_hash in rows:
        # it should never leave an article half-written (the source may have edited it since)
        assert title in {version["title"] for version in gold[url]["versions"]} and body
        assert stored_hash == content_hash(title, lede, body)
