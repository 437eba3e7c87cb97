"""Most read today behind deploy/nginx.conf: readings served from nginx's micro-cache count."""

import os
import shutil
import time

import httpx
import pytest

from akhbar.devtools.nginx import Nginx
from tests.support import akhbar, akhbar_env, free_port, query, running_site

pytestmark = [
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed"),
    # nginx's part is the same on either database: run once, in the SQLite pass
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs in the SQLite pass"),
]


def readings(env: dict, article_id: int) -> int:
    rows = query(
        env, f"SELECT SUM(count) FROM readership_articleview WHERE article_id = {article_id}"
    )
    return rows[0][0] or 0


def wait_for_readings(env: dict, article_id: int, expected: int, seconds: float = 15) -> int:
    """nginx reports a reading in the background, after answering the reader."""
    deadline = time.monotonic() + seconds
    while (found := readings(env, article_id)) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def test_it_counts_every_reading_of_an_article_nginx_serves_from_its_cache(tmp_path):
    env = akhbar_env(
        tmp_path, AKHBAR_TRUSTED_PROXIES="127.0.0.1", AKHBAR_READINGS_COUNTED_BY_PROXY="1"
    )
    assert akhbar("demo", "--no-serve", env=env).returncode == 0
    ((article_id, slug),) = query(
        env,
        "SELECT a.id, s.slug FROM news_article a JOIN news_source s ON s.id = a.source_id "
        "WHERE a.held_reason = '' ORDER BY a.id LIMIT 1",
    )
    with (
        running_site(env) as base,
        Nginx(free_port(), upstream=[int(base.rsplit(":", 1)[1])]) as nginx,
    ):
        statuses = []
        for _ in range(4):
            response = httpx.get(f"{nginx.base}/{slug}/{article_id}/", timeout=30)
            assert response.status_code == 200
            statuses.append(response.headers.get("X-Cache"))
        # it should serve the page from nginx's cache after the first request ...
        assert statuses[0] in ("MISS", "EXPIRED") and "HIT" in statuses[1:]
        # ... and count each of the four readings once, the cached ones included
        assert wait_for_readings(env, article_id, 4) == 4
        time.sleep(0.5)
        assert readings(env, article_id) == 4
        # the front page is no reading of anything, and readers cannot report readings
        assert httpx.get(nginx.base + "/", timeout=30).status_code == 200
        report = httpx.get(f"{nginx.base}/_reading/{slug}/{article_id}/", timeout=30)
        assert report.status_code == 404
        internal = httpx.get(f"{nginx.base}/_akhbar_reading", timeout=30)
        assert internal.status_code == 404
        time.sleep(0.5)
        assert readings(env, article_id) == 4
