"""Every fault the simulated news web injects, as the fetcher names it."""

import asyncio

import pytest

from akhbar.ingest.fetch import Fetcher, FetchError, FetchPolicy

newsweb_testing = pytest.importorskip("akhbar.newsweb.testing")
newsweb = newsweb_testing.newsweb_fixture(scope="module", limit=40)

POLICY = FetchPolicy(
    user_agent="AkhbarTest/0.1 (+https://akhbar.test/contact)",
    connect_timeout=1.0,
    read_timeout=0.8,
    total_timeout=1.5,
    max_bytes=1_000_000,
    allowed_private_hosts=frozenset({"127.0.0.1"}),
)

# gzip_bomb is left out: newsweb builds its 1 GiB bomb the slow way (seconds of CPU) on first
# use; test_fetch.py serves a bomb of its own.
EXPECTED = {
    "http_500": ("http", 500),
    "http_503": ("http", 503),
    "rate_limited": ("http", 429),
    "timeout": ("timeout", None),
    "slow_drip": ("timeout", None),
    "reset": ("connection", None),
    "truncated": ("connection", None),
    "huge_body": ("too_large", None),
    "redirect_loop": ("http", None),
    "redirect_private": ("unsafe", None),
}


@pytest.mark.parametrize("fault", EXPECTED, ids=EXPECTED)
def test_it_names_each_newsweb_fault(newsweb, fault):
    url = newsweb.outlets[0].base_url + "/sitemap.xml"
    newsweb.set_fault(fault, url=url)

    async def fetch():
        async with Fetcher(POLICY) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(url)
        return caught.value

    try:
        error = asyncio.run(fetch())
    finally:
        newsweb.set_fault(None, url=url)
    # it should fail with the kind (and status) the pipeline records on the feed
    assert (error.kind, error.status) == EXPECTED[fault]
