"""A scale-out deployment in miniature, for the tests and bench/bench_celery.py.

Every long-running process is started from the command line of ``deploy/Procfile`` (the same
lines the systemd units and docs/DEPLOY.md use), plus test-only options appended at the end
(Celery takes the last value of a repeated option). One-shot steps run as the operator types
them (``akhbar migrate``, ``akhbar sources load-newsweb URL``).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import time
from collections import defaultdict
from pathlib import Path

from tests.support import ROOT, akhbar, akhbar_env, free_port, query

PROCFILE = ROOT / "deploy" / "Procfile"
BIN = ROOT / ".venv" / "bin"
TEST_REDIS_DB = 12  # the machine's Redis, a database number of our own (prefixed keys only)
MACHINE_REDIS = f"redis://127.0.0.1:6379/{TEST_REDIS_DB}"
# The databases a test session may take for its clusters, one session each: two sessions on
# one machine (two engineers, a test run beside a bench) must neither flush each other's
# queue nor run each other's tasks. Database 0 keeps the reservations.
SESSION_REDIS_DBS = [n for n in range(1, 16) if n != TEST_REDIS_DB]
RESERVATION_SECONDS = 3 * 3600  # a session killed without cleaning up frees its database


def procfile() -> dict[str, str]:
    lines = PROCFILE.read_text(encoding="utf-8").splitlines()
    entries = (line.split(":", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {name.strip(): command.strip() for name, command in entries}


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def reserve_redis_db() -> str:
    """The URL of a database of the machine's Redis that no other test session uses now
    (held until `free_redis_db`, or RESERVATION_SECONDS at most)."""
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        for number in SESSION_REDIS_DBS:
            key = f"akhbar-tests:redis-db:{number}"
            if client.set(key, os.getpid(), nx=True, ex=RESERVATION_SECONDS):
                url = f"redis://127.0.0.1:6379/{number}"
                flush_redis(url)
                return url
    finally:
        client.close()
    raise AssertionError(
        f"every test database of the machine's Redis is taken: {SESSION_REDIS_DBS}"
    )


def free_redis_db(url: str) -> None:
    import redis

    flush_redis(url)
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.delete(f"akhbar-tests:redis-db:{url.rsplit('/', 1)[1]}")
    finally:
        client.close()


def cluster_env(data_dir: Path, database_url: str, redis_url: str, **extra: str) -> dict:
    """The environment of every process of one deployment (as in /etc/akhbar/env)."""
    env = akhbar_env(
        data_dir,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        AKHBAR_RUNNER="celery",
        AKHBAR_ALLOWED_PRIVATE_HOSTS="127.0.0.1",
        AKHBAR_SCHEDULE_INTERVAL="1",
        AKHBAR_LEASE_SECONDS="8",
        AKHBAR_TASK_TIME_LIMIT="30",
        AKHBAR_LOG_LEVEL="WARNING",
    )
    env["PATH"] = f"{BIN}:{env.get('PATH', '')}"
    env.update(extra)
    return env


class Cluster:
    """The processes of one deployment, each in its own process group (kill -9 takes all)."""

    def __init__(self, env: dict, logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: dict[str, subprocess.Popen] = {}
        self.commands = procfile()

    def setup(self, web, *, migrate: bool = False) -> None:
        """`release` (migrations) if asked, then the newsweb's outlets as sources."""
        if migrate:
            run(self.commands["release"], self.env)
        result = akhbar("sources", "load-newsweb", web.base_url, env=self.env)
        assert result.returncode == 0, result.stderr

    def start(self, name: str, role: str, *extra: str) -> subprocess.Popen:
        command = " ".join([self.commands[role], *map(shlex.quote, extra)])
        log = open(self.logs / f"{name}.log", "ab")
        process = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.processes[name] = process
        return process

    def worker(self, name: str, concurrency: int = 1) -> subprocess.Popen:
        return self.start(name, "worker", "--concurrency", str(concurrency), "-n", f"{name}@%h")

    def kill(self, name: str) -> None:
        """kill -9 the whole process (the Celery parent and its pool children)."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self, name: str, timeout: float = 20) -> None:
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(parts)


def run(command: str, env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


# --- Reading the outcome -----------------------------------------------------------------


def groups(pairs) -> set[frozenset]:
    by_key: dict = defaultdict(set)
    for url, key in pairs:
        by_key[key].add(url)
    return {frozenset(urls) for urls in by_key.values()}


def archive(env: dict) -> dict:
    """What a crawl stored: article URLs, wire groups and stories, as sets of URL groups."""
    rows = query(env, "SELECT url, id, duplicate_of_id, story_id FROM news_article")
    return {
        "urls": sorted(url for url, *_ in rows),
        "duplicates": groups((url, dup or pk) for url, pk, dup, _ in rows),
        "stories": groups((url, story) for url, _, _, story in rows if story is not None),
    }


def crawl_state(env: dict, redis_url: str, expected: set[str]) -> dict:
    """What a crawl still lacks: expected articles missing, feeds claimed, messages queued."""
    import redis

    urls = {url for (url,) in query(env, "SELECT url FROM news_article")}
    claimed = query(
        env,
        "SELECT id, url, claimed_until, next_check_at, last_error FROM news_feed "
        "WHERE claimed_until IS NOT NULL ORDER BY id",
    )
    client = redis.Redis.from_url(redis_url)
    try:
        queued = client.llen("akhbar")
    finally:
        client.close()
    return {
        "stored": len(urls),
        "missing": sorted(expected - urls),
        "claimed": claimed,
        "queued": queued,
    }


def settled(env: dict, redis_url: str, expected: set[str]) -> bool:
    """Every expected article stored, no feed claimed, nothing queued."""
    state = crawl_state(env, redis_url, expected)
    return not state["missing"] and not state["claimed"] and not state["queued"]


def wait_until(condition, timeout: float, every: float = 0.5, message="") -> float:
    """Wait for `condition`, at most `timeout` seconds (for what takes a fixed time: a
    process starting, a server answering); `message` may be a callable, read on failure."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            text = message() if callable(message) else message
            raise AssertionError(f"timed out after {timeout:.0f} s: {text}")
        time.sleep(every)
    return time.monotonic() - started


STALL_SECONDS = 45.0  # no progress of a crawl for this long: it is stuck, not slow
CRAWL_CAP = 900.0  # a crawl making progress all along still ends by then


def wait_for_crawl(
    env: dict,
    redis_url: str,
    expected: set[str],
    *,
    done=None,
    stall: float = STALL_SECONDS,
    message="",
) -> float:
    """Wait until the crawl has `settled` (or `done()`), as long as it makes progress: it
    fails when nothing moved (no article stored, no feed checked, claimed or released) for
    `stall` seconds, however slow a loaded machine makes each step, and after CRAWL_CAP
    seconds in all. Returns the seconds waited."""
    done = done or (lambda: settled(env, redis_url, expected))
    started = last_change = time.monotonic()
    last = None
    while True:
        if done():
            return time.monotonic() - started
        now = time.monotonic()
        state = progress(env)
        if state != last:
            last, last_change = state, now
        if now - last_change > stall or now - started > CRAWL_CAP:
            text = message() if callable(message) else message
            lacking = crawl_state(env, redis_url, expected)
            raise AssertionError(
                f"crawl stuck: no progress for {now - last_change:.0f} s "
                f"({now - started:.0f} s in all): {lacking}\n{text}"
            )
        time.sleep(0.5)


def progress(env: dict) -> tuple | None:
    """What moves while a crawl works, in the database (the record): articles stored, feeds
    checked, feeds claimed. (Not the queue: beat's tick comes and goes every second, busy or
    stuck. Not the claims' deadlines: a stuck feed is claimed again after each lease.)"""
    import psycopg

    try:
        articles = query(env, "SELECT count(*), max(fetched_at) FROM news_article")[0]
        feeds = query(env, "SELECT max(last_checked_at), count(claimed_until) FROM news_feed")
    except psycopg.OperationalError:  # (a database restarting)
        return None
    return (articles, feeds[0])


def make_feeds_due(env: dict) -> None:
    query_write(env, "UPDATE news_feed SET next_check_at = now()")


def deactivate(env: dict, slug: str) -> None:
    query_write(env, f"UPDATE news_source SET active = false WHERE slug = '{slug}'")


def query_write(env: dict, sql: str) -> None:
    url = env.get("DATABASE_URL")
    if url and url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(sql)
        return
    import sqlite3

    path = Path(env["AKHBAR_DATA_DIR"]) / "akhbar.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(sql.replace("now()", "strftime('%Y-%m-%d %H:%M:%f', 'now')"))
        db.commit()


__all__ = [
    "MACHINE_REDIS",
    "Cluster",
    "archive",
    "cluster_env",
    "deactivate",
    "flush_redis",
    "free_redis_db",
    "reserve_redis_db",
    "free_port",
    "make_feeds_due",
    "procfile",
    "settled",
    "wait_for_crawl",
    "wait_until",
]
