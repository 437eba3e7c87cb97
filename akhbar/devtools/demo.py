"""The offline demo: a real crawl of the invented demo outlets, served by newsweb in-process.

`make demo` starts the simulated news web on 127.0.0.1 with the demo corpus
(`akhbar/demo/corpus.jsonl`, invented content written for Akhbar), registers its outlets as
sources (`sources load-newsweb`), crawls until every servable article is stored, then serves
the site with `akhbar run` while newsweb keeps running in the same process, so the background
crawler keeps polling it. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from akhbar.ingest import pipeline
from akhbar.news.models import Article, Source
from akhbar.news.sourcefile import parse_sources
from akhbar.newsweb.testing import start_newsweb
from akhbar.text.urls import canonicalize_url

log = logging.getLogger("akhbar.demo")

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DEMO_OUTLETS = DEMO_DIR / "outlets.toml"
DEMO_CORPUS = DEMO_DIR / "corpus.jsonl"
DEMO_SEED = 7
MAX_PASSES = 6
# The demo crawls its own simulated web: a Crawl-delay there would only make people wait.
DEMO_MAX_CRAWL_DELAY = 0.2


@dataclass
class DemoCrawl:
    passes: int
    stored: int
    expected: int


def start_demo_web(corpus: Path = DEMO_CORPUS):
    """newsweb on free ports, with its clock moved past the corpus' last publication so that
    every demo article is live."""
    web = start_newsweb(corpus, seed=DEMO_SEED)
    last = max(item.published for item in web.site.items)
    if last > web.clock.now():
        web.clock.advance((last - web.clock.now()).total_seconds() + 60)
    return web


def allow_newsweb(web) -> None:
    """Let this process's crawler reach newsweb's 127.0.0.1 ports (the demo only: a real
    deployment sets AKHBAR_ALLOWED_PRIVATE_HOSTS in its environment)."""
    hosts = {urlsplit(outlet.base_url).hostname for outlet in web.outlets}
    settings.AKHBAR_ALLOWED_PRIVATE_HOSTS = sorted(
        set(settings.AKHBAR_ALLOWED_PRIVATE_HOSTS) | hosts
    )


def register_outlets(web) -> str:
    """`sources load-newsweb`, then the demo outlets' real names from outlets.toml."""
    out = io.StringIO()
    call_command("sources", "load-newsweb", web.base_url, stdout=out, stderr=io.StringIO())
    if DEMO_OUTLETS.exists():
        specs = parse_sources(DEMO_OUTLETS.read_text(encoding="utf-8"), filename=str(DEMO_OUTLETS))
        for spec in specs:
            names = {"name_ar": spec.name_ar, "name_fr": spec.name_fr, "kind": spec.kind}
            Source.objects.filter(slug=spec.slug).update(ownership=spec.ownership, **names)
    return out.getvalue().splitlines()[0]


def expected_urls(web) -> set[str]:
    """What a polite crawler can hold: servable pages that robots.txt allows."""
    return {
        canonicalize_url(url)
        for url, gold in web.truth.items()
        if gold["servable"] and gold["allowed_by_robots"]
    }


def crawl_demo(web, progress=None) -> DemoCrawl:
    """Crawl passes until every servable article is stored (or MAX_PASSES)."""
    policy = pipeline.policy_from_settings()
    policy = type(policy)(**{**policy.__dict__, "max_crawl_delay": DEMO_MAX_CRAWL_DELAY})
    expected, now = expected_urls(web), timezone.now()
    for passes in range(1, MAX_PASSES + 1):
        summary = pipeline.crawl_once(policy=policy, now=now)
        if progress:
            progress(passes, summary)
        stored = set(Article.objects.filter(url__in=expected).values_list("url", flat=True))
        if stored >= expected:
            break
        now += timedelta(hours=1)  # let the feeds that failed come due again
    return DemoCrawl(passes, len(stored), len(expected))
