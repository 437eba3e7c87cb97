"""The public health page shows what newsweb breaks, one polling cycle after it breaks."""

import pytest

from tests.ingest.test_pipeline_fixtures import register, serve
from tests.ops.newsweb_faults import crawl_healthy_then_broken, health_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def web():
    """The simulated news web of the demo corpus, seed 7 (six outlets)."""
    yield from serve()


def test_it_shows_each_injected_fault_one_cycle_later_and_since_when(web, client):
    register(web)
    broken = crawl_healthy_then_broken(web)
    rows = health_page(client)
    for slug, problem in broken.problems.items():
        # it should name the outlet's problem after that single faulty cycle
        assert rows[slug][0] == problem, (slug, rows[slug])
        # it should date it: feeds not read since the healthy cycle; a template change
        # since the cycle that stored the first empty article
        since = broken.second_cycle if problem == "template_changed" else broken.first_cycle
        assert rows[slug][1] == since, (slug, rows[slug])
    assert broken.healthy
    for slug in broken.healthy:
        # it should show no problem for the outlets left alone
        assert rows[slug] == ("", None), (slug, rows[slug])
