"""Faults in a running deployment: workers killed with SIGKILL, Redis restarted, PostgreSQL
stopped for 10 s. Each time the crawl resumes and the archive ends exact: every servable
article once, none half-written, no feed left claimed, no message left behind."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from akhbar.ingest.draft import content_hash
from akhbar.newsweb.testing import ANT_CORPUS, start_newsweb
from tests.scaleout.conftest import crawl_delay_outlet, once_per_suite, servable, unhurried
from tests.scaleout.harness import (
    Cluster,
    cluster_env,
    deactivate,
    make_feeds_due,
    query_write,
    settled,
    wait_for_crawl,
    wait_until,
)
from tests.support import free_port, query

pytestmark = once_per_suite
SEED = 20261129
KILLS = 10


def stored(env: dict) -> list[tuple]:
    sql = "SELECT url, title, lede, body, content_hash, held_reason FROM news_article"
    return query(env, sql)


def assert_exact(env: dict, web, skipped) -> None:
    """Every servable article once, none half-written, each with its story and index entry."""
    rows = stored(env)
    urls = [row[0] for row in rows]
    known = {url for url in web.truth} | servable(web)
    # it should store every servable article, each under one URL, and nothing else
    assert servable(web, skip=skipped) <= set(urls)
    assert len(urls) == len(set(urls)) and set(urls) <= {u for u in known}
    for url, title, lede, body, stored_hash, held_reason in rows:
        # it should never leave an article half-written
        assert stored_hash == content_hash(title, lede, body), url
        assert body or held_reason, url
    orphans = query(
        env,
        "SELECT count(*) FROM news_article a WHERE a.held_reason = '' AND (a.story_id IS NULL "
        "OR NOT EXISTS (SELECT 1 FROM search_document d WHERE d.article_id = a.id))",
    )
    # it should store each shown article with its story and its search entry
    assert orphans == [(0,)]


def redis_leftovers(redis_url: str) -> tuple[int, int]:
    """(messages queued, messages delivered but never acknowledged)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return client.llen("akhbar"), client.hlen("unacked")
    finally:
        client.close()


def quiet(env: dict, redis_url: str, expected: set[str]):
    return lambda: settled(env, redis_url, expected) and redis_leftovers(redis_url) == (0, 0)


def time_passes(env: dict, then):
    """`then`, after making due again the feeds that an outage made fail (they were backed
    off for minutes: the test does not wait for the clock)."""

    def check() -> bool:
        query_write(
            env,
            "UPDATE news_feed SET next_check_at = now() WHERE consecutive_errors > 0 "
            "AND claimed_until IS NULL AND next_check_at > now()",
        )
        return then()

    return check


def mid_task(log: Path, offset: int) -> bool:
    """Whether a pool process died while running a task (logged since `offset`)."""
    return "WorkerLostError" in log.read_bytes()[offset:].decode(errors="replace")


def unfinished_task(text: str) -> bool:
    """Whether the last feed task a worker's log shows as received has not ended."""
    received = [
        line for line in text.splitlines() if "refresh_feed[" in line and "received" in line
    ]
    if not received:
        return False
    task_id = received[-1].split("[", 1)[1].split("]", 1)[0]
    endings = ("succeeded", "failed", "retry", "raised", "Discarding", "WorkerLostError")
    return not any(task_id in line and e in line for line in text.splitlines() for e in endings)


def wait_ready(log: Path, offset: int, timeout: float = 60) -> None:
    wait_until(
        lambda: log.exists() and b" ready." in log.read_bytes()[offset:],
        timeout,
        every=0.1,
        message=f"{log.name} never got ready",
    )


def pool_children(process) -> list[int]:
    """The pids of a Celery worker's pool processes (the children of its main process)."""
    path = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    with contextlib.suppress(OSError):
        return [int(pid) for pid in path.read_text().split()]
    return []


class Victims:
    """Two workers killed at random: the whole worker (main process and pool, as a machine
    dies; restarted at once, as systemd would) or one pool process (Celery forks another)."""

    def __init__(self, cluster, rng: random.Random) -> None:
        self.cluster, self.rng = cluster, rng
        self.started: dict[str, int] = {}  # log offset of each worker's current life
        self.kinds = {True: 0, False: 0}  # kills of whole workers, of pool processes
        for name in ("w1", "w2"):
            self.start(name)

    def log(self, name: str) -> Path:
        return self.cluster.logs / f"{name}.log"

    def start(self, name: str) -> None:
        log = self.log(name)
        self.started[name] = log.stat().st_size if log.exists() else 0
        self.cluster.worker(name)

    def ready(self, name: str) -> bool:
        log = self.log(name)
        return log.exists() and b" ready." in log.read_bytes()[self.started[name] :]

    def busy(self, name: str) -> bool:
        """Whether the worker has started a feed task that it has not finished."""
        log = self.log(name)
        if not log.exists():
            return False
        return unfinished_task(log.read_bytes()[self.started[name] :].decode(errors="replace"))

    def kill_one(self, env) -> bool:
        """Kill a busy worker (or its pool process) after a random delay; True if that
        interrupted its task."""
        try:
            wait_until(lambda: any(map(self.busy, self.started)), 15, every=0.05)
        except AssertionError:
            make_feeds_due(env)  # the crawl is over: give it more work
            return False
        name = self.rng.choice([name for name in self.started if self.busy(name)])
        offset = self.log(name).stat().st_size
        time.sleep(self.rng.uniform(0.0, 0.2))
        children = pool_children(self.cluster.processes[name])
        whole = not children or self.rng.random() < 0.25  # a restart costs seconds of imports
        if whole:
            self.cluster.kill(name)
            hit = self.busy(name)
            self.start(name)
        else:
            os.kill(children[0], signal.SIGKILL)
            # the main process logs the lost task (if there was one), and forks a new child
            deadline = time.monotonic() + 3
            while not (hit := mid_task(self.log(name), offset)) and time.monotonic() < deadline:
                time.sleep(0.1)
        self.kinds[whole] += 1
        return hit


@pytest.fixture
def big_web():
    """A larger newsweb (240 ANT articles over six invented outlets): a crawl long enough
    to be killed in the middle of, again and again."""
    if not ANT_CORPUS.exists():
        pytest.fail("the ANT corpus (../shared/data/ant) is missing: the kill test needs it")
    handle = start_newsweb(ANT_CORPUS, seed=7, limit=240, by_source=False)
    yield handle
    handle.stop()


@pytest.mark.slow
def test_it_loses_and_doubles_nothing_when_workers_are_killed(big_web, cluster_on, redis_url):
    web = big_web
    skipped = unhurried(web)
    with cluster_on(AKHBAR_LEASE_SECONDS="4", AKHBAR_TASK_TIME_LIMIT="10") as cluster:
        env = cluster.env
        cluster.setup(web)
        for slug in skipped:
            deactivate(env, slug)
        cluster.start("beat", "beat")
        victims = Victims(cluster, random.Random(SEED))
        expected = servable(web, skip=skipped)
        hits, deadline = 0, time.monotonic() + 180
        while sum(victims.kinds.values()) < KILLS and time.monotonic() < deadline:
            hits += victims.kill_one(env)  # (only ever a worker busy with a feed task)
        took = wait_for_crawl(
            env, redis_url, expected, done=quiet(env, redis_url, expected), message=cluster.log_tail
        )
        cluster.stop_all()
        assert_exact(env, web, skipped)
        whole, pool = victims.kinds[True], victims.kinds[False]
        print(f"kill test: {whole} whole workers and {pool} pool processes killed while busy,")
        print(f"{hits} seen mid-task; settled {took:.1f} s after the last kill")
        # it should have killed busy whole workers and busy pool processes, interrupting tasks
        assert whole + pool == KILLS and whole and pool and hits >= 3


# --- Redis restarted ---------------------------------------------------------------------


class OwnRedis:
    """A redis-server of this test's own, on a free port, without persistence."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_until(self.answers, 10, every=0.05, message="redis-server did not start")

    def answers(self) -> bool:
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            return False
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: the Redis restart test needs it")
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


def some_articles(env: dict, at_least: int = 1):
    return lambda: query(env, "SELECT count(*) FROM news_article")[0][0] >= at_least


def test_it_resumes_after_a_redis_restart(web, cluster_on, own_redis, redis_url):
    slow = crawl_delay_outlet(web)
    with cluster_on(REDIS_URL=own_redis.url, AKHBAR_LEASE_SECONDS="4") as cluster:
        env = cluster.env
        cluster.setup(web)
        deactivate(env, slow)
        cluster.start("beat", "beat")
        for name in ("w1", "w2"):
            cluster.worker(name)
        wait_for_crawl(env, own_redis.url, set(), done=some_articles(env), message=cluster.log_tail)
        own_redis.stop()  # every queued and unacknowledged message is lost with it
        time.sleep(2)
        own_redis.start()
        expected = servable(web, skip=slow)
        done = time_passes(env, quiet(env, own_redis.url, expected))
        took = wait_for_crawl(env, own_redis.url, expected, done=done, message=cluster.log_tail)
        print(f"redis restart: settled {took:.1f} s after the restart")
        cluster.stop_all()
        # it should end with the exact archive, the lost messages replaced by new claims
        assert_exact(env, web, slow)


# --- PostgreSQL stopped ------------------------------------------------------------------


class OwnPostgres:
    """A PostgreSQL cluster of this test's own (initdb in /tmp), so that stopping it for
    10 s disturbs no other test; run as the `postgres` user when we are root."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="akhbar-pg-", dir="/tmp"))
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/akhbar"
        self.bindir = Path(shutil.which("initdb")).resolve().parent

    def _as_owner(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._as_owner(
            str(self.bindir / "initdb"), "-D", str(self.root / "data"), "-A", "trust",
            "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        self._as_owner(
            str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "akhbar"
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_owner(
            str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-o", options,
            "-l", str(self.root / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._as_owner(
            str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop"
        )

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def own_postgres():
    if shutil.which("initdb") is None:
        pytest.fail("PostgreSQL's initdb is missing: the PostgreSQL stop test needs it")
    server = OwnPostgres()
    try:
        server.init()
        yield server
    finally:
        server.remove()


@pytest.mark.slow
def test_it_backs_off_and_resumes_when_postgresql_stops(web, tmp_path, own_postgres, redis_url):
    slow = crawl_delay_outlet(web)
    env = cluster_env(tmp_path / "data", own_postgres.url, redis_url, AKHBAR_LEASE_SECONDS="4")
    cluster = Cluster(env, tmp_path / "logs")
    try:
        cluster.setup(web, migrate=True)
        deactivate(env, slow)
        cluster.start("beat", "beat")
        for name in ("w1", "w2"):
            cluster.worker(name)
        wait_for_crawl(env, redis_url, set(), done=some_articles(env), message=cluster.log_tail)
        own_postgres.stop()
        time.sleep(10)
        own_postgres.start()
        workers = [cluster.processes[name] for name in ("w1", "w2", "beat")]
        # (feeds that failed during the outage were backed off: time passes, they come due)
        expected = servable(web, skip=slow)
        done = time_passes(env, quiet(env, redis_url, expected))
        took = wait_for_crawl(env, redis_url, expected, done=done, message=cluster.log_tail)
        print(f"postgresql stop: settled {took:.1f} s after the restart")
        # it should have kept the same worker processes running through the outage
        assert all(process.poll() is None for process in workers)
        cluster.stop_all()
        assert_exact(env, web, slow)
        logs = "".join(p.read_text(errors="replace") for p in cluster.logs.glob("w*.log"))
        # it should have said that the database was unreachable
        assert "database unreachable" in logs or "OperationalError" in logs
    finally:
        cluster.stop_all()
