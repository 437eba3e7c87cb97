"""Extraction speed: pages/s of `extract_article` against trafilatura's fast mode.

Both run on the same decoded pages in the same process: the real pages of
../shared/data/pages and an evenly spread sample of WCXB. Each page is timed for both
extractors back to back, best of `repeat` runs, in CPU time (`time.process_time`): both are
single-threaded and CPU-bound, and CPU time keeps the figures steady on a busy machine.
Goal: ours at least 0.7× trafilatura's `extract(html, url=url, fast=True)` (ours does more:
metadata, dates, lede, pruning, and the fallback extractors on short pages). A second row
gives ours with the fallback switched off: the price of the recall it buys on such pages.
"""

from __future__ import annotations

import time

import trafilatura

from akhbar.text import extract
from akhbar.text.encoding import decode_html
from akhbar.text.extract import extract_article
from eval.extraction import load_pages, load_wcxb

GOAL = 0.7


def corpus(quick: bool) -> list[tuple[str, str]]:
    """(url, decoded html) of the benchmark pages."""
    pages = load_pages() + load_wcxb(sample=30 if quick else 120)
    return [(page.url, decode_html(page.raw)[0]) for page in pages]


def best_of(repeat: int, function, *args, **kwargs) -> float:
    """The shortest of `repeat` timed calls of function(*args, **kwargs), in seconds."""
    timings = []
    for _ in range(repeat):
        started = time.process_time()
        function(*args, **kwargs)
        timings.append(time.process_time() - started)
    return min(timings)


def without_fallback(html: str, url: str):
    """`extract_article` with trafilatura's fallback extractors switched off (fast mode only)."""
    saved = extract.SHORT_BODY, extract.SHORT_SHARE
    extract.SHORT_BODY = extract.SHORT_SHARE = 0
    try:
        return extract_article(html, url)
    finally:
        extract.SHORT_BODY, extract.SHORT_SHARE = saved


def run(quick: bool = False) -> list[dict]:
    pages = corpus(quick)
    if not pages:
        return [{"name": "extract: no pages (../shared/data missing)"}]
    repeat = 2 if quick else 3
    anchor = ours = fast_only = 0.0
    for url, html in pages:
        anchor += best_of(repeat, trafilatura.extract, html, url=url or None, fast=True)
        ours += best_of(repeat, extract_article, html, url)
        fast_only += best_of(repeat, without_fallback, html, url)
    anchor_rate = len(pages) / anchor
    rows = []
    for label, seconds in (("", ours), (", fallback off", fast_only)):
        rate = len(pages) / seconds
        rows.append(
            {
                "name": f"extract_article pages/s ({len(pages)} pages{label}) vs trafilatura fast",
                "ours": rate,
                "anchor": anchor_rate,
                "unit": "pages/s",
                "ratio": rate / anchor_rate,
                "goal": f">= {GOAL}x",
            }
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
