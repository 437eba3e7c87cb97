"""The cast of the scale-out tests: a newsweb, the machine's Redis (a database of our own),
scratch PostgreSQL databases, and clusters of `akhbar worker`/`akhbar beat` processes."""

from __future__ import annotations

import contextlib
import uuid

import pytest
from django.conf import settings

from akhbar.newsweb.testing import default_corpus, start_newsweb
from akhbar.text.urls import canonicalize_url
from tests.scaleout.harness import (
    Cluster,
    cluster_env,
    flush_redis,
    free_redis_db,
    procfile,
    reserve_redis_db,
    run,
)
from tests.support import POSTGRES_ADMIN_URL

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
# The cluster tests start their own processes on their own databases, whatever the suite's
# database is: once per `make test` is enough (the SQLite run).
once_per_suite = pytest.mark.skipif(
    ON_POSTGRES, reason="runs its own PostgreSQL and Redis processes; once per suite is enough"
)


@pytest.fixture(scope="session")
def session_redis():
    """A database of the machine's Redis that this test session alone uses."""
    url = reserve_redis_db()
    yield url
    free_redis_db(url)


@pytest.fixture
def redis_url(session_redis):
    """This session's database of the machine's Redis, empty before and after each test."""
    flush_redis(session_redis)
    yield session_redis
    flush_redis(session_redis)


def open_web(**options):
    return start_newsweb(default_corpus(), seed=7, **options)


@pytest.fixture
def web():
    """The demo corpus' newsweb (six outlets on their own ports)."""
    handle = open_web()
    yield handle
    handle.stop()


def crawl_delay_outlet(web) -> str:
    return next(o.slug for o in web.outlets if o.robots == "crawl_delay")


def unhurried(web) -> list[str]:
    """Outlets that make a crawl slow on purpose (Crawl-delay, a 50-per-10-s limit)."""
    return [o.slug for o in web.outlets if o.robots == "crawl_delay" or o.rate_limit]


def servable(web, skip=()) -> set[str]:
    """The canonical URLs a polite crawler should hold, outside the `skip` outlet(s)."""
    skip = {skip} if isinstance(skip, str) else set(skip)
    return {
        canonicalize_url(url)
        for url, gold in web.truth.items()
        if gold["servable"] and gold["allowed_by_robots"] and gold["outlet"] not in skip
    }


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory, session_redis):
    """A PostgreSQL database migrated once (`release` of the Procfile), cloned per test."""
    import psycopg

    name = f"akhbar_template_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        env = cluster_env(tmp_path_factory.mktemp("template"), url, session_redis)
        run(procfile()["release"], env)
        yield name
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def cloned_database(template: str):
    import psycopg

    name = f"akhbar_scratch_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def cluster_on(tmp_path, pg_template, redis_url):
    """A factory: a Cluster on a clone of the migrated database; every process stopped after."""
    clusters = []

    @contextlib.contextmanager
    def make(**extra):
        with cloned_database(pg_template) as database_url:
            env = cluster_env(tmp_path / "data", database_url, redis_url, **extra)
            cluster = Cluster(env, tmp_path / "logs")
            clusters.append(cluster)
            try:
                yield cluster
            finally:
                cluster.stop_all()

    yield make
    for cluster in clusters:
        cluster.stop_all()
