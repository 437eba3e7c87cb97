"""What the crawler remembers of each host between passes, against a real newsweb."""

import pytest

from akhbar.ingest import pipeline
from akhbar.news.models import Feed
from tests.ingest.test_pipeline_fixtures import TEST_POLICY, register, serve

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def web():
    """The simulated news web of the demo corpus, seed 7."""
    yield from serve()


def robots_requests(web) -> dict[str, int]:
    outlets = web.handler.stats.as_dict()["outlets"]
    return {
        o.slug: outlets.get(o.slug, {}).get("paths", {}).get("/robots.txt", 0) for o in web.outlets
    }


def test_it_reads_robots_txt_once_a_day_not_once_a_pass(web):
    register(web)
    # two passes of one process, as `akhbar run` makes them, with the default memory
    pipeline.crawl_once(policy=TEST_POLICY, now=web.clock.now())
    Feed.objects.update(next_check_at=web.clock.now())
    summary = pipeline.crawl_once(policy=TEST_POLICY, now=web.clock.now())
    # it should have polled every feed again in the second pass
    assert summary.feeds == Feed.objects.count()
    # it should have asked each outlet for its robots.txt once, for both passes
    assert robots_requests(web) == {o.slug: 1 for o in web.outlets}


def test_it_reads_robots_txt_again_in_a_pass_given_a_memory_of_its_own(web):
    register(web)
    pipeline.crawl_once(policy=TEST_POLICY, now=web.clock.now())
    Feed.objects.update(next_check_at=web.clock.now())
    pipeline.crawl_once(policy=TEST_POLICY, now=web.clock.now(), memory={})
    # it should start from nothing known when handed an empty memory
    assert robots_requests(web) == {o.slug: 2 for o in web.outlets}
