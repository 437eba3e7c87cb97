"""Two workers refreshing feeds of one outlet at the same time: an article that several of
its feeds list (the main feed, its section feeds and their Atom twins) is fetched once.

The newsweb runs in this process and counts every request it answers, per path."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

from akhbar.newsweb.routes import clean_target
from tests.scaleout.conftest import once_per_suite, open_web, servable, unhurried
from tests.scaleout.harness import deactivate, wait_for_crawl

pytestmark = once_per_suite


def article_requests(web, slug: str) -> Counter:
    """Requests newsweb served for the outlet's article pages (redirecting feed links
    included), by the page's path."""
    outlet = next(o for o in web.outlets if o.slug == slug)
    paths = {urlsplit(url).path for url, gold in web.truth.items() if gold["outlet"] == slug}
    counts: Counter = Counter()
    for target, hits in web.handler.stats.outlets[slug]["paths"].items():
        path = clean_target(target).split("?", 1)[0]
        if path in paths or path.startswith("/go/"):
            counts[path] += hits
    assert outlet.base_url  # (the outlet was served)
    return counts


def overlapping_outlet(web, links: str) -> str:
    """An outlet whose feeds all list its articles, with feed links of this style."""
    slow = set(unhurried(web))
    return next(
        o.slug
        for o in web.outlets
        if o.slug not in slow and len(o.sections) > 1 and not o.no_feed and o.feed_links == links
    )


@pytest.mark.parametrize("links", ["clean", "tracking"])
def test_it_fetches_an_article_listed_in_two_feeds_once(links, cluster_on, redis_url):
    web = open_web(limit=60)
    try:
        slug = overlapping_outlet(web, links)
        with cluster_on() as cluster:
            env = cluster.env
            cluster.setup(web)
            for other in web.outlets:
                if other.slug != slug:
                    deactivate(env, other.slug)
            cluster.start("beat", "beat")
            cluster.worker("w1")
            cluster.worker("w2")
            expected = servable(web, skip=[o.slug for o in web.outlets if o.slug != slug])
            wait_for_crawl(env, redis_url, expected, message=cluster.log_tail)
            cluster.stop_all()
        fetched = article_requests(web, slug)
    finally:
        web.stop()
    doubled = {path: hits for path, hits in fetched.items() if hits > 1}
    print(f"{slug} ({links} links): {sum(fetched.values())} article requests, doubled {doubled}")
    # it should have fetched each article page (and each redirecting link) once
    assert fetched and not doubled
