"""The commands around the pipeline: `sources load-newsweb`, OPML in and out, `crawl --once`,
and the embedded runner's graceful stop."""

import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from akhbar.ingest import pipeline
from akhbar.ingest.runner import EmbeddedRunner
from akhbar.news.models import Article, Feed, Source
from tests.ingest.test_pipeline_fixtures import (
    TEST_POLICY,
    register,
    servable,
    serve,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def web():
    """The simulated news web of the demo corpus, seed 7 (52 servable articles)."""
    yield from serve()


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_it_registers_a_running_newsweb_and_says_which_hosts_to_allow(web, settings):
    settings.AKHBAR_ALLOWED_PRIVATE_HOSTS = []
    output = register(web)
    # it should create one source per outlet, with the outlet's feeds
    assert Source.objects.count() == len(web.outlets)
    assert Feed.objects.count() == sum(len(o["feeds"]) for o in web_outlets(web))
    # it should leave the feedless outlet without feeds, for discovery
    assert Source.objects.filter(feeds__isnull=True).count() == 1
    # it should name the setting the crawler needs, and warn that it is missing
    assert "AKHBAR_ALLOWED_PRIVATE_HOSTS=127.0.0.1" in output and "only with" in output


def web_outlets(site) -> list[dict]:
    import httpx

    return httpx.get(site.base_url + "/_newsweb/outlets.json").json()["outlets"]


def test_it_exports_feeds_as_opml_and_imports_them_back(web, tmp_path):
    register(web)
    exported = tmp_path / "feeds.opml"
    run("sources", "export", "--opml", "--output", str(exported))
    feeds = set(Feed.objects.values_list("url", "source__slug"))
    Feed.objects.all().delete()
    Source.objects.all().delete()
    output = run("sources", "import-opml", str(exported))
    # it should rebuild every feed under the source it was filed under
    assert set(Feed.objects.values_list("url", "source__slug")) == feeds
    assert f"{len(feeds)} feeds read" in output


def test_it_refuses_a_file_that_is_not_opml(tmp_path):
    bad = tmp_path / "feeds.opml"
    bad.write_text("<html><body>not OPML</body></html>", encoding="utf-8")
    # it should say what is wrong, and load nothing
    with pytest.raises(CommandError, match="not an OPML document"):
        run("sources", "import-opml", str(bad))
    assert not Source.objects.exists()


def test_crawl_once_ingests_and_prints_a_summary(web, settings):
    settings.AKHBAR_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    register(web)
    slow = [o.slug for o in web.outlets if o.robots == "crawl_delay"]
    Source.objects.filter(slug__in=slow).update(active=False)  # Crawl-delay: 2 s per request
    output = run("crawl", "--once")
    expected = [u for u, g in servable(web).items() if g["outlet"] not in slow]
    # it should ingest the articles and say what it did, stage by stage
    assert Article.objects.count() == len(expected)
    assert f"articles: {len(expected)} new" in output and "errors: none" in output
    assert "feeds polled:" in output


def test_crawl_without_once_explains_itself():
    # it should point to `akhbar run` for continuous crawling
    with pytest.raises(CommandError, match="--once"):
        run("crawl")


def test_a_stopping_pass_gives_its_feeds_back_untouched(web):
    register(web)
    stop = threading.Event()
    stop.set()
    summary = pipeline.crawl_once(policy=TEST_POLICY, now=web.clock.now(), stop=stop)
    # it should poll nothing, and leave every feed unclaimed and due
    assert summary.feeds == 0 and not Article.objects.exists()
    assert not Feed.objects.filter(claimed_until__isnull=False).exists()


def test_the_runner_survives_a_failing_pass_and_stops_on_request():
    calls = []

    def failing_pass(stop: threading.Event) -> None:
        calls.append(stop)
        raise RuntimeError("database unavailable")

    runner = EmbeddedRunner(failing_pass, interval=0.01)
    runner.start()
    time.sleep(0.2)
    runner.stop(timeout=5)
    # it should go on after a failed pass, hand each pass the stop event, and stop
    assert len(calls) > 1 and calls[0] is runner.stopping and runner.stopping.is_set()
