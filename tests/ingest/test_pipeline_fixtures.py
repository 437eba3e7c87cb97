"""The cast of the pipeline tests: a real newsweb on 127.0.0.1, registered as sources, and a
crawler whose clock is newsweb's simulated clock.

(This module holds fixtures and helpers only; the tests import them.)
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from io import StringIO
from urllib.parse import urlsplit

from django.core.management import call_command

from akhbar.ingest import pipeline
from akhbar.ingest.fetch import FetchPolicy
from akhbar.news.categories import ensure_categories
from akhbar.news.models import Feed
from akhbar.newsweb.testing import default_corpus, start_newsweb
from akhbar.text.urls import canonicalize_url

# Polite as in production, but quick: no Crawl-delay waits, and short timeouts so that the
# hanging and dripping faults fail within seconds (yet a busy 2-core machine does not).
TEST_POLICY = FetchPolicy(
    user_agent="AkhbarTests/1 (+https://example.invalid/contact)",
    connect_timeout=2.0,
    read_timeout=3.0,
    total_timeout=5.0,
    allowed_private_hosts=frozenset({"127.0.0.1"}),
    max_crawl_delay=0.0,
)


def open_newsweb(seed: int = 7, **options):
    """A newsweb on the demo corpus (six outlets, each on its own port).

    The pipeline's in-process memory (resolved redirects) is cleared first: a new web may
    reuse the ports of an earlier one.
    """
    pipeline.forget()
    return start_newsweb(default_corpus(), seed=seed, **options)


def serve(seed: int = 7):
    """A newsweb for one test (a pytest fixture body): started, handed out, stopped."""
    handle = open_newsweb(seed)
    yield handle
    handle.stop()
    pipeline.forget()


def register(web, settings=None) -> str:
    """`akhbar sources load-newsweb URL`, as the operator types it; returns its output."""
    ensure_categories()  # transactional tests start from an empty database
    out, err = StringIO(), StringIO()
    call_command("sources", "load-newsweb", web.base_url, stdout=out, stderr=err)
    # the simulated clock runs days behind the wall clock: make the new feeds due in it
    Feed.objects.update(next_check_at=web.clock.now())
    return out.getvalue() + err.getvalue()


# newsweb's longest Retry-After is 120 s: a simulated jump past this outlives what the
# crawler remembers of its hosts
MEMORY_OUTLIVED = timedelta(minutes=10)
_LAST_CRAWL: dict[int, datetime] = {}


def crawl(web, now: datetime | None = None, **options) -> pipeline.CrawlSummary:
    """One crawl pass whose `now` is the simulated web's now.

    Passes share what the crawler learned of each host (robots.txt, Retry-After), as in
    production; that memory ages with the real clock, so when a test moves the simulated
    clock on by more than MEMORY_OUTLIVED, it is forgotten, as that much time would have.
    """
    now = now or web.clock.now()
    previous = _LAST_CRAWL.get(id(web))
    if previous is not None and now - previous > MEMORY_OUTLIVED:
        pipeline.HOST_MEMORY.clear()
    _LAST_CRAWL[id(web)] = now
    return pipeline.crawl_once(policy=TEST_POLICY, now=now, **options)


def servable(web) -> dict[str, dict]:
    """The gold records of the articles a polite crawler should hold, by canonical URL."""
    return {
        canonicalize_url(url): gold
        for url, gold in web.truth.items()
        if gold["servable"] and gold["allowed_by_robots"]
    }


def page_requests(web) -> Counter:
    """How many times each article page was requested, by canonical URL (tracking
    parameters dropped, redirecting /go/ links not counted)."""
    counts: Counter = Counter()
    ports = {urlsplit(o.base_url).port: o for o in web.outlets}
    stats = web.handler.stats.as_dict()["outlets"]
    for outlet in ports.values():
        for target, n in stats.get(outlet.slug, {}).get("paths", {}).items():
            counts[canonicalize_url(outlet.base_url + target)] += n
    return counts
