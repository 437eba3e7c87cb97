"""Polling: our pipeline against a plain sequential `httpx.get` + `feedparser.parse` loop.

Three processes, loopback only:

- newsweb: 200 invented outlets built from the ANT corpus (read from ../shared/data at run
  time), each on its own port, ~10 feeds each, up to 30 items a feed; the two outlets that
  make a polite crawler wait (Crawl-delay: 2, a rate limit) are left out, since the anchor
  honours neither;
- ours: `crawl_once` on a fresh SQLite database holding the feeds as Feed rows and every
  article they list as already stored, so that the passes measure *polling* (fetch, parse,
  pick the entries worth a fetch, record the feed's health and schedule) and not article
  extraction (bench_extract measures that). First pass: every feed is new (no validators,
  full bodies). Second pass: 90 % of the feeds answer 304 to our conditional GETs; the other
  10 % have their validators dropped, as if they had changed, and are read in full. The two
  passes share the process' host memory, as `akhbar run`'s passes do: robots.txt is read in
  the first pass only.
  Peak RSS is that process's ru_maxrss;
- the anchor, in the parent: the plain loop over a sample of the same feeds (it has no
  validators, so both of its "passes" are the same full GETs).

Goals (issue 4): second pass ≤ 10 s for 2,000 feeds, peak RSS ≤ 400 MB, ≥ 10× the anchor.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ant" / "articles.jsonl"
HOSTS = 200
ANCHOR_SAMPLE = 300  # feeds the sequential anchor reads (its rate does not depend on count)
CHANGED_SHARE = 0.10


# --- the newsweb process -------------------------------------------------------------------


def serve_newsweb(out: Path, records: int) -> None:
    """Serve 200 outlets; write their feeds and every article URL to `out`."""
    from akhbar.newsweb.app import build_handler, read_records
    from akhbar.newsweb.feeds import feed_specs
    from akhbar.newsweb.server import NewsWebServer

    handler = build_handler(read_records(DATA, records), HOSTS, 7, by_source=False)

    async def main() -> None:
        server = NewsWebServer(handler)
        await server.start()
        # the outlets that make a polite crawler wait (Crawl-delay: 2, a rate limit) are left
        # out: the anchor ignores both, so the comparison would measure politeness
        feeds = [
            (outlet.slug, outlet.base_url + spec.path, spec.kind)
            for outlet in handler.site.outlets
            if outlet.robots != "crawl_delay" and not outlet.rate_limit
            for spec in feed_specs(outlet)
            if spec.kind != "sitemap_index"  # its child sitemaps would become more feeds
        ]
        articles = [
            (item.outlet.slug, item.url, f"{item.outlet.base_url}/go/{item.number}")
            for item in handler.site.items
        ]
        out.write_text(json.dumps({"feeds": feeds, "articles": articles}))
        print("READY", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await server.stop()

    asyncio.run(main())


# --- our process ---------------------------------------------------------------------------


def setup_database(plan: dict) -> None:
    """Migrate; one source per outlet, its feeds, and every listed article as stored."""
    from django.core.management import call_command
    from django.utils import timezone

    from akhbar.ingest.draft import content_hash
    from akhbar.news.models import Article, Feed, Source
    from akhbar.text.urls import canonicalize_url

    call_command("migrate", verbosity=0)
    # only the outlets whose feeds are polled: a source without feeds would be discovered
    slugs = {slug for slug, _, _ in plan["feeds"]}
    sources = {
        slug: Source.objects.create(
            slug=slug,
            name_ar=slug,
            homepage="http://127.0.0.1/",
            kind="online",
            ownership="private",
        )
        for slug in sorted(slugs)
    }
    kinds = {"json": "jsonfeed", "sitemap_index": "sitemap"}
    Feed.objects.bulk_create(
        Feed(
            source=sources[slug], url=url, kind=kinds.get(kind, kind), next_check_at=timezone.now()
        )
        for slug, url, kind in plan["feeds"]
    )
    now, empty = timezone.now(), content_hash("", "", "")
    Article.objects.bulk_create(
        Article(
            source=sources[slug],
            url=canonicalize_url(url),
            title="-",
            fetched_at=now,
            content_hash=empty,
        )
        for slug, url, _ in plan["articles"]
        if slug in sources
    )


def ours(plan_file: Path) -> None:
    """Two crawl passes over the feeds; prints the figures as JSON."""
    import resource

    import django

    django.setup()
    from django.utils import timezone

    from akhbar.ingest import pipeline
    from akhbar.news.models import Feed
    from akhbar.text.urls import canonicalize_url

    plan = json.loads(plan_file.read_text())
    setup_database(plan)
    # the redirecting feed links (/go/N) resolved on an earlier pass, as a running crawler has
    for _, url, alias in plan["articles"]:
        pipeline.remember_alias(canonicalize_url(alias), canonicalize_url(url))
    results = {}
    for label in ("first", "second"):
        if label == "second":
            Feed.objects.update(next_check_at=timezone.now())
            changed = Feed.objects.order_by("?")[: int(Feed.objects.count() * CHANGED_SHARE)]
            Feed.objects.filter(pk__in=list(changed.values_list("pk", flat=True))).update(
                etag="", last_modified=""
            )
        outcomes = []
        started = time.monotonic()
        summary = pipeline.crawl_once(recheck=None, progress=outcomes.append)
        seconds = time.monotonic() - started
        latencies = sorted(o.elapsed for o in outcomes)
        results[label] = {
            "feeds": summary.feeds,
            "not_modified": summary.not_modified,
            "failed": summary.feeds_failed,
            "fetched_articles": sum(summary.articles.values()),
            "seconds": seconds,
            "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
        }
    results["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(results), flush=True)


# --- the anchor ----------------------------------------------------------------------------


def anchor(urls: list[str]) -> tuple[float, float]:
    """The plain loop: (feeds per second, p95 seconds per feed)."""
    import feedparser
    import httpx

    latencies = []
    started = time.monotonic()
    for url in urls:
        begin = time.monotonic()
        feedparser.parse(httpx.get(url, timeout=30).content)
        latencies.append(time.monotonic() - begin)
    rate = len(urls) / (time.monotonic() - started)
    return rate, statistics.quantiles(latencies, n=20)[-1]


# --- the parent ----------------------------------------------------------------------------


def python(*args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, *args], cwd=ROOT, text=True, env=env, **kwargs
    )


def environment(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "DJANGO_SETTINGS_MODULE": "akhbar.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'polling.sqlite3'}",
        "AKHBAR_DATA_DIR": str(tmp),
        "AKHBAR_SECRET_KEY": "bench",
        "AKHBAR_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "AKHBAR_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


def rows(figures: dict, anchor_rate: float, anchor_p95: float, feeds: int) -> list[dict]:
    first, second = figures["first"], figures["second"]
    rate = {
        label: figures[label]["feeds"] / figures[label]["seconds"] for label in ("first", "second")
    }
    detail = (
        f"{feeds} feeds on {HOSTS} hosts; 2nd pass {second['not_modified']} × 304, "
        f"{second['failed']} failed; anchor on {min(feeds, ANCHOR_SAMPLE)} feeds"
    )
    return [
        {"name": "polling 1st pass (all new)", "ours": rate["first"], "anchor": anchor_rate,
         "unit": "feeds/s", "ratio": rate["first"] / anchor_rate, "goal": "informative", "detail": detail},
        {"name": "polling 2nd pass (90 % 304)", "ours": rate["second"], "anchor": anchor_rate,
         "unit": "feeds/s", "ratio": rate["second"] / anchor_rate, "goal": "≥ 10× anchor"},
        {"name": "polling 2nd pass duration", "ours": second["seconds"], "anchor": feeds / anchor_rate,
         "unit": "s", "ratio": second["seconds"] / (feeds / anchor_rate), "goal": "≤ 10 s (2,000 feeds)"},
        {"name": "polling p95 per-feed latency, 1st pass", "ours": first["p95"], "anchor": anchor_p95,
         "unit": "s", "ratio": first["p95"] / anchor_p95, "goal": "informative"},
        {"name": "polling p95 per-feed latency, 2nd pass", "ours": second["p95"], "anchor": anchor_p95,
         "unit": "s", "ratio": second["p95"] / anchor_p95, "goal": "informative"},
        {"name": "polling peak RSS (crawler process)", "ours": figures["rss_mb"], "anchor": None,
         "unit": "MB", "ratio": None, "goal": "≤ 400 MB"},
    ]  # fmt: skip


def run(quick: bool = False) -> list[dict]:
    feeds_wanted, records = (200, 3000) if quick else (2000, 15000)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        newsweb = python(
            "serve",
            str(tmp / "web.json"),
            str(records),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        try:
            assert newsweb.stdout.readline().strip() == "READY"
            plan = json.loads((tmp / "web.json").read_text())
            plan["feeds"] = plan["feeds"][:feeds_wanted]
            (tmp / "plan.json").write_text(json.dumps(plan))
            crawler = python(
                "ours", str(tmp / "plan.json"), env=environment(tmp), stdout=subprocess.PIPE
            )
            figures = json.loads(crawler.communicate(timeout=1800)[0].strip().splitlines()[-1])
            sample = [url for _, url, _ in plan["feeds"][:ANCHOR_SAMPLE]]
            anchor_rate, anchor_p95 = anchor(sample)
        finally:
            newsweb.stdin.close()
            newsweb.wait(timeout=30)
    result = rows(figures, anchor_rate, anchor_p95, len(plan["feeds"]))
    speedup = result[1]["ratio"]
    print(f"bench_polling: second pass {speedup:.1f}× the sequential anchor", file=sys.stderr)
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "serve":
        serve_newsweb(Path(args[0]), int(args[1]))
    elif mode == "ours":
        ours(Path(args[0]))
    else:
        for r in run(quick="--quick" in sys.argv):
            print(r)
