"""The cast of the fault tests: a real newsweb, crawled once while healthy, then broken the
ways outlets break, one outlet per way, and polled exactly once more.

(This module holds helpers only; the tests import them.)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from akhbar.news.models import Feed
from tests.ingest.test_pipeline_fixtures import crawl

# Every feed is due again within its longest interval (a day): one more cycle polls them all.
NEXT_CYCLE = timedelta(hours=24, minutes=1)
# The problem each way of breaking shows, and how newsweb is told to break that way.
BREAKS = ("blocked", "rate_limited", "timing_out", "feed_broken", "template_changed")


@dataclass
class Broken:
    """Which outlet shows which problem after the faulty cycle, and the cycles' times."""

    problems: dict[str, str]  # slug -> expected problem code
    healthy: list[str]
    first_cycle: datetime
    second_cycle: datetime


def busiest_outlet(web, start: datetime, end: datetime) -> str:
    """The outlet that publishes the most articles in (start, end]: a template change shows
    in its newest articles, so it needs a few new ones."""
    counts: dict[str, int] = {}
    for item in web.site.items:
        if start < item.published <= end:
            counts[item.outlet.slug] = counts.get(item.outlet.slug, 0) + 1
    return max(sorted(counts), key=counts.get)


def break_outlets(web, end: datetime) -> dict[str, str]:
    """Break one outlet per way; returns slug -> the problem it should show."""
    start = web.clock.now()
    changed = busiest_outlet(web, start, end)
    # broken feeds on the outlet with the most of them (one outlet lists its homepage only,
    # which a lenient reader reads however it is cut)
    feeds = Counter(Feed.objects.values_list("source__slug", flat=True))
    broken_feeds = max(sorted(set(feeds) - {changed}), key=feeds.get)
    others = [o.slug for o in web.outlets if o.slug not in (changed, broken_feeds)]
    plan = dict(zip(others, BREAKS[:3], strict=False))
    plan |= {broken_feeds: "feed_broken", changed: "template_changed"}
    for slug, problem in plan.items():
        if problem == "blocked":
            web.set_fault("http_403", outlet=slug)  # everything, robots.txt included
        elif problem == "rate_limited":
            web.set_fault("rate_limited", outlet=slug)
        elif problem == "timing_out":
            web.set_fault("timeout", outlet=slug)
        elif problem == "feed_broken":
            for url in Feed.objects.filter(source__slug=slug).values_list("url", flat=True):
                web.set_fault("malformed_xml", url=url)  # feeds only: its pages still answer
        else:
            # its new pages come out empty: a template our extractor does not know
            outlet = web.outlet(slug)
            for item in web.site.items:
                if item.outlet is outlet and start < item.published <= end:
                    web.set_fault("empty_200", url=outlet.base_url + item.path)
    return plan


def crawl_healthy_then_broken(web) -> Broken:
    """Cycle 1 on a healthy web; break five outlets; exactly one more cycle."""
    first = web.clock.now()
    crawl(web)
    end = first + NEXT_CYCLE
    problems = break_outlets(web, end)
    web.clock.advance(NEXT_CYCLE.total_seconds())
    crawl(web)
    healthy = [o.slug for o in web.outlets if o.slug not in problems]
    return Broken(problems, healthy, first, end)


ROW = re.compile(r'<tr[^>]*data-source="(?P<slug>[^"]+)">(?P<cells>.*?)</tr>', re.S)
PROBLEM = re.compile(r'data-problem="([^"]*)"')
SINCE = re.compile(r'class="since">.*?<time datetime="([^"]+)"', re.S)


def health_page(client) -> dict[str, tuple[str, datetime | None]]:
    """/sources/health/ as a reader gets it: slug -> (problem code, since)."""
    response = client.get("/sources/health/")
    assert response.status_code == 200
    rows = {}
    for row in ROW.finditer(response.content.decode()):
        since = SINCE.search(row["cells"])
        problem = PROBLEM.search(row["cells"])[1]
        rows[row["slug"]] = (problem, since and datetime.fromisoformat(since[1]))
    return rows
