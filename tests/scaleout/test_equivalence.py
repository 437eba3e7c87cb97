"""The same newsweb crawled by the embedded runner on SQLite and by two Celery workers on
PostgreSQL ends as the same archive: the same articles, wire groups and stories."""

from tests.scaleout.conftest import once_per_suite, servable, unhurried
from tests.scaleout.harness import archive, deactivate, wait_for_crawl
from tests.support import akhbar, akhbar_env

pytestmark = once_per_suite


def embedded_crawl(web, data_dir, slow: list[str]) -> dict:
    """`akhbar crawl --once` (the embedded runner's pass) on a fresh SQLite install."""
    env = akhbar_env(data_dir, AKHBAR_ALLOWED_PRIVATE_HOSTS="127.0.0.1")
    for command in (["migrate", "--no-input"], ["sources", "load-newsweb", web.base_url]):
        assert akhbar(*command, env=env).returncode == 0
    for slug in slow:
        deactivate(env, slug)
    result = akhbar("crawl", "--once", env=env)
    assert result.returncode == 0, result.stderr
    return archive(env)


def test_it_stores_the_same_archive_as_the_embedded_runner(web, tmp_path, cluster_on, redis_url):
    # the outlets with a Crawl-delay of 2 s and a limit of 50 requests per 10 s would make the
    # crawls long, and the second one depend on how soon it follows the first
    slow = unhurried(web)
    expected = servable(web, skip=slow)
    embedded = embedded_crawl(web, tmp_path / "embedded", slow)
    with cluster_on() as cluster:  # a database migrated by the Procfile's release step
        env = cluster.env
        cluster.setup(web)
        for slug in slow:
            deactivate(env, slug)
        cluster.worker("w1")
        cluster.worker("w2")
        cluster.start("beat", "beat")
        wait_for_crawl(env, redis_url, expected, message=cluster.log_tail)
        cluster.stop_all()
        celery = archive(env)
    # it should hold every servable article, once, in both runners
    assert set(embedded["urls"]) == expected
    assert celery["urls"] == embedded["urls"]
    # it should fold the same wire copies together and group the same stories
    assert celery["duplicates"] == embedded["duplicates"]
    assert celery["stories"] == embedded["stories"]
