"""Fifty readers report one image at the same moment, against the running server."""

import os
import re
import threading

import httpx
import pytest

from tests.support import akhbar, akhbar_env, query, running_site, scratch_postgres

READERS = 50
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# The suite runs once per database (make test-sqlite, make test-postgres): so does this.
DATABASE = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"


@pytest.fixture(params=[DATABASE])
def site_env(request, tmp_path):
    """A demo site on SQLite or on a scratch PostgreSQL database, behind a trusted proxy."""
    env = akhbar_env(tmp_path, AKHBAR_TRUSTED_PROXIES="127.0.0.1")
    if request.param == "sqlite":
        yield env
        return
    with scratch_postgres() as url:
        yield {**env, "DATABASE_URL": url}


def report_at_once(base: str, path: str, barrier: threading.Barrier, number: int) -> int:
    """One reader: open the report's confirmation page (the article pages, shared by every
    reader, hold no token), wait for the others, then post the report."""
    report = f"/report/image/{path.strip('/').split('/')[1]}/"
    with httpx.Client(base_url=base, timeout=60) as reader:
        token = TOKEN.search(reader.get(report).text).group(1)
        barrier.wait()
        response = reader.post(
            report,
            data={"csrfmiddlewaretoken": token, "reason": "shocking"},
            headers={"X-Forwarded-For": f"198.18.{number}.7", "Referer": base + path},
        )
        return response.status_code


def test_it_hides_once_with_exact_counts_when_fifty_readers_report_at_once(site_env):
    assert akhbar("demo", "--no-serve", env=site_env).returncode == 0
    (article_id, slug), *_ = query(
        site_env,
        "SELECT a.id, s.slug FROM news_article a JOIN news_source s ON s.id = a.source_id "
        "WHERE a.image_url <> '' ORDER BY a.id",
    )
    path = f"/{slug}/{article_id}/"
    with running_site(site_env) as base:
        barrier = threading.Barrier(READERS)
        codes = [0] * READERS

        def run(n: int) -> None:
            codes[n] = report_at_once(base, path, barrier, n)

        threads = [threading.Thread(target=run, args=(n,)) for n in range(READERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    # it should accept every report without an error
    assert codes == [302] * READERS
    # it should count every distinct reader exactly once
    assert query(site_env, "SELECT report_count FROM moderation_imagestatus") == [(READERS,)]
    assert query(site_env, "SELECT COUNT(*) FROM moderation_imagereport") == [(READERS,)]
    # it should record exactly one hide event, and hide the image
    hides = "SELECT COUNT(*) FROM moderation_auditentry WHERE decision = 'auto_hide'"
    status = "SELECT state, score, report_count, image_url FROM moderation_imagestatus"
    assert query(site_env, hides) == [(1,)], query(site_env, status)
    state = f"SELECT image_state FROM news_article WHERE id = {article_id}"
    assert query(site_env, state) == [("hidden",)]
