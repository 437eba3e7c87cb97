"""Article throughput: pages/s from fetched bytes to stored article, against trafilatura alone.

newsweb (`bench/newsweb_process.py`: 200 invented outlets built from the ANT corpus, real
HTTP on 127.0.0.1) serves the pages; the parent fetches each live article page once (spread
round-robin over the outlets, so every template, encoding and date style is in), then hands
the bytes to worker processes:

- ours: bytes → stored article through the pipeline's own stages, as `process_article` runs
  them after the fetch: `build_draft` (decode, rel=canonical, extract, category, quality gate,
  ArticleDraft) then `save_draft` (one transaction: insert, fold wire copies and join a story,
  index for search), on a fresh SQLite database in WAL mode that the workers share as
  `akhbar crawl` processes would, each worker with its own Django setup;
- the anchor: `trafilatura.extract(html, url=url)` alone (its default mode) on the same pages,
  decoded beforehand: decoding is our work, not the anchor's.

The per-core goal's row is the paired run: one process holds both and takes the pages
PAIR_CHUNK at a time, anchor then ours, then ours then anchor, summing each side's CPU time
apart. On a shared VM whose speed drifts over minutes, CPU time alone did not keep separate
runs comparable (the same code: 0.43× and 0.62× an hour apart, the anchor at 238 and 147
pages per CPU second); paired, four runs gave 0.54–0.57×.

The 1- and 2-process rows and the scaling need wall time. They come from one interleaved run:
two workers of each side (ours share one fresh database, as `akhbar crawl` processes would)
stay up, each held to a CPU of its own, and the parent hands them the pages in steps of
STEP_PAGES: a 1-process step gives one worker the next STEP_PAGES pages alone (the two
workers, so the two CPUs, take turns), a 2-process step gives each worker STEP_PAGES at
once. The two CPUs of a VM need not run at one speed (a plain Python loop here: 0.66 and
1.0 s on the two at once), and a lone process left to the scheduler ran wherever it
landed: the anchor's scaling read up to 2.37. Steps go 1, 2, 2, 1, … for each side, anchor
and ours in turn, and each side takes the same pages in the same kind of step; wall time is
summed per kind of step (from the first start to the last finish), CPU time per process.
Separate runs of 1 and then 2 processes, each 5–10 s, gave scalings of 1.54 and 1.94 for the
same code minutes apart, the anchor's 1.25 to 2.20: the drift, not the code.

Every worker (and the paired one) first runs its side on the first WARM_PAGES pages,
neither stored nor counted: a fresh process meets one-time costs there (the anchor's first
jusText fallback took 80–250 ms on the sixth page, a twentieth of a whole step; with one
page of warm-up the anchor's first 1-process step ran at 11.7 ms a page against about 5
later, and its scaling read 2.18).

Goals (issue 4): ≥ 0.7× extraction alone per core, near-linear from 1 to 2 processes.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.newsweb_process import ROOT, serving

GOAL = 0.7  # ours / anchor, per core
PAIR_CHUNK = 20  # pages per turn of the paired run
STEP_PAGES = 50  # pages per worker and step of the interleaved run
WARM_PAGES = 20  # pages each worker runs first, neither stored nor counted
RECORD = struct.Struct("i")  # a page number in a side's queue of the interleaved run
STOP = -1
SCALING_GOAL = 1.8  # "near-linear" from 1 to 2 processes


# --- the pages: fetched once over HTTP ---------------------------------------------------


def live_items(site: dict, count: int) -> list[dict]:
    """`count` live items, taken round-robin over the outlets (site order within each)."""
    by_outlet: dict[str, list[dict]] = {}
    for item in site["items"]:
        if item["status"] == "live":
            by_outlet.setdefault(item["outlet"], []).append(item)
    queues = list(by_outlet.values())
    chosen: list[dict] = []
    for k in range(max(map(len, queues), default=0)):
        chosen += [queue[k] for queue in queues if k < len(queue)]
    return chosen[:count]


def fetch_pages(items: list[dict]) -> list[dict]:
    """{outlet, url, headers, content} of every item answered 200 (others are left out)."""
    import httpx

    pages = []
    with httpx.Client(headers={"Accept-Encoding": "identity"}, timeout=30) as client:
        for item in items:
            response = client.get(item["url"])
            if response.status_code == 200:
                headers = {name.lower(): value for name, value in response.headers.items()}
                pages.append(
                    {
                        "outlet": item["outlet"],
                        "url": str(response.url),
                        "headers": headers,
                        "content": response.content,
                    }
                )
    return pages


# --- the anchor worker -------------------------------------------------------------------


def decoded_pages(pages: list[dict]) -> list[str]:
    """Each page's HTML as text: decoding is our work, done before the anchor's is timed."""
    from akhbar.text.encoding import decode_html

    return [decode_html(p["content"], p["headers"].get("content-type"))[0] for p in pages]


def stop_lists() -> None:
    """jusText's stop lists of every language, made once a process, as trafilatura makes
    them on its first fallback: made again, they are another tuple, and every later
    fallback then compares it word by word with the one justext's cache holds (the anchor
    ran 30 % slower)."""
    import trafilatura.external

    if trafilatura.external.JT_STOPLIST is None:
        trafilatura.external.jt_stoplist_init()


def warm_anchor(pages: list[dict], decoded: list[str]) -> None:
    """The anchor on the first pages, uncounted: a fresh process meets one-time costs on
    them (jusText's stop lists and its first use: 80–250 ms on the sixth bench page)."""
    import trafilatura

    stop_lists()
    for k in range(min(WARM_PAGES, len(pages))):
        trafilatura.extract(decoded[k], url=pages[k]["url"])


# --- our worker ----------------------------------------------------------------------------


def _our_pipeline(pages: list[dict]):
    """Django set up, warmed on the first pages; a function storing one page (its status,
    "failed" for an extractor error, which the pipeline counts as a failed article)."""
    import django

    django.setup()
    from django.utils import timezone

    from akhbar.ingest.fetch import FetchResult
    from akhbar.ingest.pipeline import build_draft, save_draft
    from akhbar.news.models import Source

    sources = {source.slug: source for source in Source.objects.all()}
    now = timezone.now()

    def fetched(page: dict) -> FetchResult:
        url = page["url"]
        return FetchResult(url, url, 200, page["headers"], page["content"])

    # A one-time cost of a long-lived worker, paid in the warm-up as the anchor's is: its
    # default mode always runs the fallback extractors; ours runs them on short pages only.
    stop_lists()
    for page in pages[:WARM_PAGES]:  # drafts only: the pages are stored when timed
        build_draft(sources[page["outlet"]], page["url"], page["url"], fetched(page), None, now)

    def store(page: dict, stage_cpu: dict | None = None) -> str:
        source, url = sources[page["outlet"]], page["url"]
        begin = time.process_time()
        try:
            draft = build_draft(source, url, url, fetched(page), None, now)
        except Exception:
            return "failed"
        middle = time.process_time()
        status = save_draft(draft, None, None).status
        if stage_cpu is not None:  # the CPU split of the separate runs' row
            stage_cpu["build_draft"] += middle - begin
            stage_cpu["save_draft"] += time.process_time() - middle
        return status

    return store


def stepwise_worker(kind: str, path: Path, queue: int, cpu: int) -> None:
    """One side's worker for the interleaved run, on its own CPU: holds every page; at each
    "go" from the parent, takes the page numbers the parent put in the side's queue (a pipe
    both of the side's workers read) until it reads STOP, then reports its figures."""
    import trafilatura

    os.sched_setaffinity(0, {cpu})
    pages = pickle.loads(path.read_bytes())
    statuses: Counter = Counter()
    stage_cpu = {"build_draft": 0.0, "save_draft": 0.0}
    if kind == "anchor":
        decoded = decoded_pages(pages)

        def take(k: int) -> None:
            if trafilatura.extract(decoded[k], url=pages[k]["url"]) is None:
                statuses["no text"] += 1

        warm_anchor(pages, decoded)
    else:
        store = _our_pipeline(pages)  # warmed on the first pages, neither stored nor counted

        def take(k: int) -> None:
            statuses[store(pages[k], stage_cpu)] += 1

    print("READY", flush=True)
    for _ in sys.stdin:
        taken, started, cpu = 0, time.monotonic(), time.process_time()
        # a pipe read of one record is whole and goes to one reader: a worker never waits
        # for the other's share, so a step ends within one page for both
        while (k := RECORD.unpack(os.read(queue, RECORD.size))[0]) != STOP:
            take(k)
            taken += 1
        report(started, cpu, taken, dict(statuses), stage_cpu)


def paired_worker(path: Path) -> None:
    """Both on the same pages in one process, PAIR_CHUNK pages at a time in turn (anchor
    then ours, then ours then anchor, ...), each side's CPU time summed apart: a machine
    whose speed drifts over minutes (a shared VM) slows both sides alike."""
    import trafilatura

    pages = pickle.loads(path.read_bytes())
    store = _our_pipeline(pages)
    decoded = decoded_pages(pages)
    warm_anchor(pages, decoded)
    wait_for_go()
    cpu = {"anchor": 0.0, "ours": 0.0}
    statuses: Counter = Counter()

    def anchor(chunk: range) -> None:
        for k in chunk:
            trafilatura.extract(decoded[k], url=pages[k]["url"])

    def ours(chunk: range) -> None:
        for k in chunk:
            statuses[store(pages[k])] += 1

    for number, first in enumerate(range(0, len(pages), PAIR_CHUNK)):
        chunk = range(first, min(first + PAIR_CHUNK, len(pages)))
        order = (("anchor", anchor), ("ours", ours))
        for side, run_side in order if number % 2 == 0 else reversed(order):
            begin = time.process_time()
            run_side(chunk)
            cpu[side] += time.process_time() - begin
    print(json.dumps({"cpu": cpu, "pages": len(pages), "outcomes": dict(statuses)}), flush=True)


def setup_database(outlets_file: Path) -> None:
    """Migrate a fresh database and add one Source per newsweb outlet."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from akhbar.news.models import Source

    call_command("migrate", verbosity=0)
    Source.objects.bulk_create(
        Source(
            slug=outlet["slug"],
            name_ar=outlet["slug"],
            homepage=outlet["base_url"] + "/",
            languages=outlet["languages"],
            timezone=outlet["timezone"],
            kind="online",
            ownership="private",
        )
        for outlet in json.loads(outlets_file.read_text())
    )
    connections.close_all()  # the last connection out checkpoints the WAL into the file


# --- worker plumbing -----------------------------------------------------------------------


def wait_for_go() -> None:
    print("READY", flush=True)
    sys.stdin.readline()


def report(started: float, cpu: float, pages: int, outcomes: dict, stages: dict | None = None):
    """One JSON line: the loop's start and end (monotonic, shared by processes) and CPU time."""
    figures = {
        "start": started,
        "end": time.monotonic(),
        "cpu": time.process_time() - cpu,
        "pages": pages,
        "outcomes": outcomes,
        "stages": stages or {},
    }
    print(json.dumps(figures), flush=True)


def python(*args: str, env: dict | None = None, pass_fds: tuple = ()) -> subprocess.Popen:
    """This module in a process of its own (run with -m from the checkout: it imports bench)."""
    command = [sys.executable, "-m", "bench.bench_throughput", *args]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
    return subprocess.Popen(command, cwd=ROOT, text=True, env=env, pass_fds=pass_fds, **pipes)


def environment(database: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "DJANGO_SETTINGS_MODULE": "akhbar.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "AKHBAR_DATA_DIR": str(database.parent),
        "AKHBAR_SECRET_KEY": "bench",
        "AKHBAR_LOG_LEVEL": "ERROR",
    }


def step_plan(count: int) -> list[tuple[int, range]]:
    """(processes, pages) of each step: rounds of a 1- and a 2-process step, in the order
    1, 2, then 2, 1, …; a step of n processes takes n × STEP_PAGES pages, after the last's."""
    plan, first = [], 0
    while first + 3 * STEP_PAGES <= count:
        for n in (1, 2) if len(plan) % 4 == 0 else (2, 1):
            plan.append((n, range(first, first + n * STEP_PAGES)))
            first += n * STEP_PAGES
    return plan


def run_interleaved(pages_file: Path, count: int, env: dict) -> dict:
    """Each side's figures in 1- and 2-process steps, interleaved: {(side, n): {pages,
    wall, cpu}}, and {side: {outcomes, stages}} over all its steps."""
    queues = {side: os.pipe() for side in ("anchor", "ours")}  # (read end, write end)
    cpus = sorted(os.sched_getaffinity(0))
    workers = {
        side: [
            python(
                "stepwise",
                side,
                str(pages_file),
                str(read),
                str(cpus[k % len(cpus)]),
                env=env,
                pass_fds=(read,),
            )
            for k in range(2)
        ]
        for side, (read, _) in queues.items()
    }
    everyone = [worker for pair in workers.values() for worker in pair]
    totals = {(side, n): {"pages": 0, "wall": 0.0, "cpu": 0.0} for side in workers for n in (1, 2)}
    last: dict = {}  # worker → its last report (its outcomes and stages are running totals)
    try:
        for worker in everyone:
            if worker.stdout.readline().strip() != "READY":
                raise RuntimeError("throughput: a stepwise worker did not start")
        alone = 0  # 1-process steps so far: they take turns on the two CPUs
        for step, (n, pages) in enumerate(step_plan(count)):
            for side in ("anchor", "ours") if step % 2 == 0 else ("ours", "anchor"):
                busy = workers[side] if n == 2 else [workers[side][alone % 2]]
                records = [*pages, *[STOP] * n]  # one STOP for each worker of the step
                os.write(queues[side][1], b"".join(RECORD.pack(k) for k in records))
                for worker in busy:
                    worker.stdin.write("go\n")
                    worker.stdin.flush()
                results = [json.loads(worker.stdout.readline()) for worker in busy]
                last.update(zip(busy, results, strict=True))
                total = totals[side, n]
                total["pages"] += sum(r["pages"] for r in results)
                total["wall"] += max(r["end"] for r in results) - min(r["start"] for r in results)
                total["cpu"] += sum(r["cpu"] for r in results)
            alone += n == 1
    finally:
        for worker in everyone:
            worker.stdin.close()
            worker.wait(timeout=60)
        for descriptor in (d for pair in queues.values() for d in pair):
            os.close(descriptor)
    for side, pair in workers.items():
        outcomes: Counter = Counter()
        stages: Counter = Counter()
        for worker in pair:
            outcomes.update(last.get(worker, {}).get("outcomes", {}))
            stages.update(last.get(worker, {}).get("stages", {}))
        totals[side] = {"outcomes": dict(outcomes), "stages": dict(stages)}
    return totals


def run_paired(pages_file: Path, env: dict) -> dict:
    """The paired worker's figures: CPU seconds of each side over the same pages."""
    worker = python("paired", str(pages_file), env=env)
    try:
        if worker.stdout.readline().strip() != "READY":
            raise RuntimeError("throughput: paired worker did not start")
        worker.stdin.write("go\n")
        worker.stdin.flush()
        return json.loads(worker.stdout.readline())
    finally:
        worker.stdin.close()
        worker.wait(timeout=60)


# --- the parent ------------------------------------------------------------------------------


def template_database(site: dict, tmp: Path) -> Path:
    """A migrated database holding the sources, copied fresh for each run of ours."""
    template = tmp / "template" / "akhbar.sqlite3"
    template.parent.mkdir()
    (tmp / "outlets.json").write_text(json.dumps(site["outlets"]))
    setup = python("setup", str(tmp / "outlets.json"), env=environment(template))
    setup.stdin.close()
    if setup.wait(timeout=600) != 0:
        raise RuntimeError("throughput: database setup failed")
    return template


def fresh_copy(template: Path, tmp: Path, label: str) -> Path:
    database = tmp / label / "akhbar.sqlite3"
    database.parent.mkdir()
    shutil.copyfile(template, database)
    return database


def rate(figures: dict) -> float:
    return figures["pages"] / figures["wall"]


def per_core(figures: dict) -> float:
    return figures["pages"] / figures["cpu"]


def rows(measures: dict, paired: dict, load: str) -> list[dict]:
    anchor1, ours1 = measures["anchor", 1], measures["ours", 1]
    anchor2, ours2 = measures["anchor", 2], measures["ours", 2]
    stages = measures["ours"]["stages"]
    spent = sum(stages.values()) or 1.0
    split = ", ".join(f"{name} {seconds / spent:.0%}" for name, seconds in stages.items())
    outcomes = measures["ours"]["outcomes"]
    outcomes = ", ".join(f"{n} {status}" for status, n in sorted(outcomes.items()))
    ours_paired = paired["pages"] / paired["cpu"]["ours"]
    anchor_paired = paired["pages"] / paired["cpu"]["anchor"]
    pages, steps = paired["pages"], ours1["pages"] + ours2["pages"]
    return [
        {"name": f"article throughput per core, paired in 1 process (CPU time, {pages} pages)",
         "ours": ours_paired, "anchor": anchor_paired, "unit": "pages/s",
         "ratio": ours_paired / anchor_paired, "goal": f"≥ {GOAL}× trafilatura.extract",
         "detail": f"{PAIR_CHUNK} pages each in turn; load average {load}"},
        {"name": f"article throughput per core, 1-process steps ({ours1['pages']} pages)",
         "ours": per_core(ours1), "anchor": per_core(anchor1), "unit": "pages/s",
         "ratio": per_core(ours1) / per_core(anchor1), "goal": f"≥ {GOAL}× trafilatura.extract",
         "detail": f"ours over {steps} pages of steps: {outcomes}; CPU {split}"},
        {"name": "article throughput, 1 process (wall)", "ours": rate(ours1),
         "anchor": rate(anchor1), "unit": "pages/s", "ratio": rate(ours1) / rate(anchor1),
         "goal": f"≥ {GOAL}× trafilatura.extract", "detail": f"load average {load}"},
        {"name": "article throughput, 2 processes (wall)", "ours": rate(ours2),
         "anchor": rate(anchor2), "unit": "pages/s", "ratio": rate(ours2) / rate(anchor2),
         "goal": f"≥ {GOAL}× trafilatura.extract",
         "detail": f"per CPU second: ours {per_core(ours2):.1f}, anchor {per_core(anchor2):.1f}; "
                   f"load average {load}"},
        {"name": "article throughput scaling, 2 vs 1 process", "ours": rate(ours2) / rate(ours1),
         "anchor": rate(anchor2) / rate(anchor1), "unit": "×",
         "ratio": (rate(ours2) / rate(ours1)) / (rate(anchor2) / rate(anchor1)),
         "goal": f"≥ {SCALING_GOAL}× (near-linear)", "detail": f"load average {load}"},
    ]  # fmt: skip


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run(quick: bool = False) -> list[dict]:
    records, wanted = (1500, 3 * STEP_PAGES * 2) if quick else (6000, 1600)
    with tempfile.TemporaryDirectory(prefix="throughput-") as name, serving(records) as site:
        tmp = Path(name)
        pages = fetch_pages(live_items(site, wanted))
        pages_file = tmp / "pages.pickle"
        pages_file.write_bytes(pickle.dumps(pages))
        template = template_database(site, tmp)
        loads = [load_average()]
        database = fresh_copy(template, tmp, "steps")
        measures = run_interleaved(pages_file, len(pages), environment(database))
        loads.append(load_average())
        database = fresh_copy(template, tmp, "paired")
        paired = run_paired(pages_file, environment(database))
        loads.append(load_average())
    return rows(measures, paired, " → ".join(loads))


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "stepwise":
        stepwise_worker(args[0], Path(args[1]), int(args[2]), int(args[3]))
    elif mode == "paired":
        paired_worker(Path(args[0]))
    elif mode == "setup":
        setup_database(Path(args[0]))
    else:
        for r in run(quick="--quick" in sys.argv):
            print(r)
