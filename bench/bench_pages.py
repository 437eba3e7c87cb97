"""Page speed on a large synthetic archive: uncached p99 latency and cached throughput.

The archive is synthesized by ``bench_search`` from the real corpora (read from
../shared/data at run time, never copied) into a scratch SQLite database with the search
index, plus stories of five articles over the newest ones. The site runs as users run it
(``akhbar run`` with granian; uncached: a worker per core of ``UNCACHED_THREADS`` threads,
``AKHBAR_BENCH_PAGES_THREADS``, default 2) in a separate process; ``wrk`` (Debian's,
installed when missing) loads it from 127.0.0.1 with 16 connections for a bounded time.

Rows:
- home, article, source, story and search pages: CPU time per render with the page cache
  off, measured alone in one process (Django's test client, ``time.process_time`` over
  RENDERS renders after a warm-up), against the budget that the p99 goal leaves each render
  (``RENDER_BUDGET_MS``); ``python -m bench.bench_pages --cpu [--quick]`` prints only these;
- the same pages: p99 latency with the page cache off (goal ≤ 50 ms), each timed load after
  an untimed one a third as long (a server that has been running: its processes past their
  first requests, the archive's pages read);
- search again with distinct queries (``distinct_queries``: words of the archive's titles,
  each asked once): its CPU per render and its p99. The search row above asks one query
  over and over, which what a search remembers within a process (``docs/SEARCH.md``) makes
  cheaper than a reader's first search of a word; these rows show what it costs then;
- the home page served from the page cache against nginx (Debian's, installed when missing,
  on a free port with a config in /tmp) serving the same bytes as a static file, measured in
  the same run (goal ≥ 15 % of nginx's requests per second).

``AKHBAR_BENCH_PAGES_SIZE`` sets the archive size (default 1,000,000; quick: 20,000); the
archive is kept under ``AKHBAR_BENCH_PAGES_DIR`` (default /tmp/akhbar-bench-pages-<size>)
and reused by the next run. Each run stores the frequent terms' row counts first (``akhbar
reindex --counts``), as the site's crawl passes keep them (docs/SEARCH.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from akhbar.devtools.nginx import Nginx, answering

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16
DURATION = 10  # seconds of load per measure (quick: 3)
P99_GOAL_MS = 50.0
CACHED_GOAL = 0.15
PRODUCTION_GOAL = 0.80
THREADS = 16  # per serving process
# Uncached pages are CPU-bound: with 16 threads per process, 16 connections' requests share
# each process's GIL and the tail stretches (1 M articles, 2 workers: p99 home 210 ms, story
# 192 ms with 16 threads; 122 and 36 ms with 2). Two threads per worker keep the other
# requests queued in granian, first come first served.
UNCACHED_THREADS = int(os.environ.get("AKHBAR_BENCH_PAGES_THREADS", "2"))
# Serving processes: uncached pages are Python-bound, so one per core (as documented for
# production); the cached row measures `akhbar run` as it starts by default (one).
UNCACHED_WORKERS = int(os.environ.get("AKHBAR_BENCH_PAGES_WORKERS", os.cpu_count() or 1))
PRODUCTION_WORKERS = UNCACHED_WORKERS
STORY_SIZE = 5
STORIES = 20000
RENDERS = 200  # per page for the CPU rows (quick: 50), after WARM_UP renders
WARM_UP = 10
# Distinct queries: CPU rows render this many (quick: a quarter), the p99 load walks up to
# DISTINCT_LOAD of them (never one twice within a load: each wrk thread its own share).
DISTINCT_RENDERS = 200
DISTINCT_LOAD = 6000
# Before each timed load, an untimed one of this share of its duration.
WARM_UP_SHARE = 3
# 16 requests arriving together on 2 cores are all answered within the p99 goal only if
# each render takes at most 50 ms × 2 / 16 of CPU: the budget of one uncached render.
RENDER_BUDGET_MS = P99_GOAL_MS * 2 / CONNECTIONS


def log(message: str) -> None:
    print(f"bench_pages: {message}", file=sys.stderr, flush=True)


def archive_size(quick: bool) -> int:
    return 20000 if quick else int(os.environ.get("AKHBAR_BENCH_PAGES_SIZE", "1000000"))


def data_dir(size: int) -> Path:
    default = Path(tempfile.gettempdir()) / f"akhbar-bench-pages-{size}"
    return Path(os.environ.get("AKHBAR_BENCH_PAGES_DIR", default))


# --- The archive (built in a child process: Django is set up once per process) ------------


def build(size: int, where: Path) -> None:
    """Migrate a fresh SQLite database under `where` and fill it with `size` articles."""
    from bench import bench_search as corpus

    where.mkdir(parents=True, exist_ok=True)
    corpus.setup_django(where, None)
    categories = corpus.category_ids("default")
    corpus.create_sources("default")
    articles = corpus.read_corpus(None if size > 50000 else 3000)
    corpus.analyze_corpus(articles)
    seconds = corpus.load_sqlite(
        where / "akhbar.sqlite3",
        corpus.synthesize(articles, size),
        categories,
        _analyzer_version(),
    )
    add_stories(where / "akhbar.sqlite3", size)
    log(f"built {size:,} articles in {seconds:.0f}s")


def _analyzer_version() -> int:
    from akhbar.text.analyzer import ANALYZER_VERSION

    return ANALYZER_VERSION


def add_stories(path: Path, size: int) -> None:
    """Stories of STORY_SIZE consecutive articles over the newest ones; one article in ten a
    wire copy of the one before it; then fresh planner statistics (an archive without copies
    or stories would tell SQLite that those indexes are useless)."""
    db = sqlite3.connect(path)
    db.execute("UPDATE news_article SET duplicate_of_id = id - 1 WHERE id % 10 = 0")
    count = min(STORIES, size // STORY_SIZE)
    first = size - count * STORY_SIZE + 1
    db.executemany(
        "INSERT INTO news_story (id, title, first_published_at, last_published_at, "
        "article_count, source_count, created_at, agency_credits) "
        "VALUES (?, 'قصة', NULL, NULL, ?, ?, '2026-01-01 00:00:00', '[]')",
        [(n, STORY_SIZE, STORY_SIZE) for n in range(1, count + 1)],
    )
    db.execute(
        f"UPDATE news_article SET story_id = (id - ?) / {STORY_SIZE} + 1 WHERE id >= ?",
        (first, first),
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()


def ensure_archive(size: int) -> Path:
    where = data_dir(size)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AKHBAR_DATA_DIR": str(where),
           "AKHBAR_SECRET_KEY": "bench"}  # fmt: skip
    env.pop("DATABASE_URL", None)
    if not (where / "built").exists():
        shutil.rmtree(where, ignore_errors=True)
        command = [sys.executable, "-m", "bench.bench_pages", "--build", str(size), str(where)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        (where / "built").write_text("ok")
    # an archive built by an older checkout gets the migrations (new indexes) since; then
    # the frequent terms' row counts, as `akhbar run` stores them after its crawl passes
    for command in (["migrate", "--no-input", "--verbosity", "0"], ["reindex", "--counts"]):
        subprocess.run([sys.executable, "-m", "akhbar.cli", *command], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return where


# --- Tools: wrk and nginx from Debian --------------------------------------------------------


def ensure_tools() -> None:
    missing = [pkg for tool, pkg in (("wrk", "wrk"), ("nginx", "nginx")) if not _found(tool)]
    if missing:
        if os.geteuid() != 0:
            raise RuntimeError(f"bench_pages: install {' '.join(missing)} (apt-get) first")
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                       capture_output=True)  # fmt: skip


def _found(tool: str) -> bool:
    return shutil.which(tool) is not None or Path(f"/usr/sbin/{tool}").exists()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WRK_THREADS = 2
# wrk's Lua (LuaJIT, Lua 5.1): each thread walks its own share of PATHS, one a request.
WALK_PATHS = """
local share, threads = math.floor(#PATHS / %(threads)d), 0
function setup(thread)
  thread:set("part", threads)
  threads = threads + 1
end
local sent = 0
function request()
  sent = sent + 1
  return wrk.format(nil, PATHS[part * share + (sent - 1) %% share + 1])
end
"""


def wrk(url: str, seconds: int, paths: list[str] | None = None) -> dict:
    """Requests per second and p99 latency (ms) of `url` under CONNECTIONS connections;
    with `paths`, each request asks the next of them on `url`'s server instead."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
               "--timeout", "5s", url]  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if paths:
            listed = ",\n".join(json.dumps(path) for path in paths)  # JSON strings read as Lua's
            script.write(f"PATHS = {{\n{listed}\n}}\n" + WALK_PATHS % {"threads": WRK_THREADS})
            script.flush()
            command[1:1] = ["-s", script.name]
        run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    out = run.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rate, "p99_ms": p99, "errors": int(errors.group(1)) if errors else 0}


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


class Site:
    """``akhbar run --no-crawl`` on the archive, on a free port (granian, its default server)."""

    def __init__(self, where: Path, cache_seconds: int, workers: int = 1, threads: int = THREADS):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(AKHBAR_DATA_DIR=str(where), AKHBAR_SECRET_KEY="bench", PYTHONPATH=str(ROOT),
                   AKHBAR_PAGE_CACHE_SECONDS=str(cache_seconds), AKHBAR_LOG_LEVEL="WARNING")  # fmt: skip
        command = [sys.executable, "-m", "akhbar.cli", "run", "--no-crawl", "--no-migrate",
                   "--port", str(self.port), "--threads", str(threads),
                   "--workers", str(workers)]  # fmt: skip
        # its own process group: SIGINT reaches the server's worker processes too
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        _wait(self.base + "/healthz")

    def close(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _wait(url: str) -> None:
    if not answering(url):
        raise RuntimeError(f"bench_pages: {url} did not answer")


# --- The measures ----------------------------------------------------------------------------


def targets(where: Path) -> dict[str, str]:
    """One address per page type, read from the archive."""
    db = sqlite3.connect(where / "akhbar.sqlite3")
    (newest,) = db.execute("SELECT MAX(id) FROM news_article").fetchone()
    slug, article = db.execute(
        "SELECT s.slug, a.id FROM news_article a JOIN news_source s ON s.id = a.source_id "
        "WHERE a.id = ?",
        (newest // 2,),
    ).fetchone()
    (story,) = db.execute("SELECT MAX(story_id) FROM news_article").fetchone()
    db.close()
    return {
        "home": "/",
        "article": f"/{slug}/{article}/",
        "source": f"/{slug}/",
        "story": f"/story/{story}/",
        "search": "/search/?q=" + quote("الجزائر"),
    }


def distinct_queries(where: Path, count: int) -> list[str]:
    """`count` search addresses, each a different word of the archive's titles (of articles
    spread over the whole archive; the word at a place the id picks, of 3 letters or more):
    what readers' first searches of many words look like."""
    db = sqlite3.connect(where / "akhbar.sqlite3")
    (newest,) = db.execute("SELECT MAX(id) FROM news_article").fetchone()
    step = max(1, newest // (count * 4))
    titles = db.execute("SELECT id, title FROM news_article WHERE id % ? = 0", (step,))
    words: dict[str, None] = {}
    for pk, title in titles:
        candidates = [word for word in re.findall(r"\w{3,}", title) if not word.isdigit()]
        if candidates:
            words.setdefault(candidates[pk % len(candidates)].lower(), None)
        if len(words) == count:
            break
    db.close()
    return ["/search/?q=" + quote(word) for word in words]


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def cpu_rows(where: Path, size: int, renders: int) -> list[dict]:
    """One row per page: CPU ms per uncached render, measured in a child process."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(AKHBAR_DATA_DIR=str(where), AKHBAR_SECRET_KEY="bench", PYTHONPATH=str(ROOT),
               AKHBAR_PAGE_CACHE_SECONDS="0", AKHBAR_LOG_LEVEL="WARNING")  # fmt: skip
    command = [sys.executable, "-m", "bench.bench_pages", "--cpu-child", str(where), str(renders)]
    out = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    rows = []
    for name, ms in json.loads(out.stdout).items():
        log(f"CPU per render {name}: {ms:.2f} ms ({load()})")
        rows.append({
            "name": f"pages: {name} CPU per uncached render, {size:,} articles ({load()})",
            "ours": ms, "anchor": RENDER_BUDGET_MS, "unit": "ms",
            "ratio": ms / RENDER_BUDGET_MS, "goal": f"≤ {RENDER_BUDGET_MS:.2f} ms",
        })  # fmt: skip
    return rows


def cpu_per_render(where: Path, renders: int) -> dict[str, float]:
    """In the child: CPU milliseconds per render of each page (the page cache is off)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "akhbar.settings"
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    spent = {}
    for name, path in targets(where).items():
        for _ in range(WARM_UP):
            assert client.get(path).status_code == 200, path
        start = time.process_time()
        for _ in range(renders):
            client.get(path)
        spent[name] = (time.process_time() - start) / renders * 1000
    # each asked once, after the repeated query's renders: nothing of theirs remembered
    distinct = distinct_queries(where, max(1, renders * DISTINCT_RENDERS // RENDERS))
    start = time.process_time()
    for path in distinct:
        assert client.get(path).status_code == 200, path
    spent["search (distinct queries)"] = (time.process_time() - start) / len(distinct) * 1000
    return spent


def measure(size: int, seconds: int, renders: int) -> list[dict]:
    where = ensure_archive(size)
    pages = targets(where)
    rows = cpu_rows(where, size, renders)
    site = Site(where, cache_seconds=0, workers=UNCACHED_WORKERS, threads=UNCACHED_THREADS)
    try:
        for name, path in pages.items():
            # untimed: the database's pages read in, and each serving process past its
            # start (its heap frozen after WARM_UP_REQUESTS, web/heap.py), as a
            # server that has been running is
            wrk(site.base + path, max(1, seconds // WARM_UP_SHARE))
            result = wrk(site.base + path, seconds)
            log(f"uncached {name}: {result} ({load()})")
            rows.append(p99_row(name, result, size))
        # distinct queries: the warm-up's and the timed load's are different words
        queries = distinct_queries(where, DISTINCT_LOAD)
        warm, timed = queries[: len(queries) // 4], queries[len(queries) // 4 :]
        wrk(site.base + "/", max(1, seconds // WARM_UP_SHARE), warm)
        result = wrk(site.base + "/", seconds, timed)
        log(f"uncached search (distinct queries): {result} ({load()})")
        rows.append(p99_row(f"search ({len(timed):,} distinct queries)", result, size))
    finally:
        site.close()
    rows.append(cached_against_nginx(where, seconds))
    rows.append(production_against_nginx(where, seconds))
    return rows


def p99_row(name: str, result: dict, size: int) -> dict:
    return {
        "name": f"pages: {name} p99 uncached, {CONNECTIONS} conn, {size:,} articles ({load()})",
        "ours": result["p99_ms"], "anchor": P99_GOAL_MS, "unit": "ms",
        "ratio": result["p99_ms"] / P99_GOAL_MS, "goal": f"≤ {P99_GOAL_MS:.0f} ms",
    }  # fmt: skip


def against_static(url: str, seconds: int) -> tuple[dict, dict, int]:
    """Our server's and nginx's figures for the bytes `url` answers, measured in turn."""
    body = httpx.get(url, timeout=30).content
    ours = wrk(url, seconds)
    nginx = Nginx(free_port(), body)
    try:
        static = wrk(nginx.base + "/index.html", seconds)
    finally:
        nginx.close()
    return ours, static, len(body)


def cached_against_nginx(where: Path, seconds: int) -> dict:
    """``akhbar run`` alone (one granian worker), the home page from the page cache."""
    site = Site(where, cache_seconds=300)
    try:
        ours, static, size = against_static(site.base + "/", seconds)
    finally:
        site.close()
    log(f"cached home: {ours}; nginx: {static} ({load()})")
    return {
        "name": f"pages: cached home page req/s vs nginx static ({size // 1024} KB, {load()})",
        "ours": ours["rps"], "anchor": static["rps"], "unit": "req/s",
        "ratio": ours["rps"] / static["rps"], "goal": f"≥ {CACHED_GOAL:.0%} of nginx",
    }  # fmt: skip


def production_against_nginx(where: Path, seconds: int) -> dict:
    """The documented production setup (docs/DEPLOY.md, "Serving"): one web process per core
    (the ``web`` line of ``deploy/Procfile``, as ``akhbar-web@PORT`` runs it) behind nginx
    with ``deploy/nginx.conf``'s micro-cache."""
    sites = [Site(where, cache_seconds=300) for _ in range(PRODUCTION_WORKERS)]
    try:
        front = Nginx(free_port(), upstream=[site.port for site in sites])
        try:
            ours, static, size = against_static(front.base + "/", seconds)
        finally:
            front.close()
    finally:
        for site in sites:
            site.close()
    log(f"production home: {ours}; nginx: {static} ({load()})")
    return {
        "name": f"pages: home via nginx micro-cache + {PRODUCTION_WORKERS} web processes req/s"
        f" vs nginx static ({size // 1024} KB, {load()})",
        "ours": ours["rps"], "anchor": static["rps"], "unit": "req/s",
        "ratio": ours["rps"] / static["rps"], "goal": f"≥ {PRODUCTION_GOAL:.0%} of nginx",
    }  # fmt: skip


def run(quick: bool = False) -> list[dict]:
    ensure_tools()
    return measure(
        archive_size(quick), 3 if quick else DURATION, RENDERS // 4 if quick else RENDERS
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--build":
        build(int(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "--cpu-child":
        print(json.dumps(cpu_per_render(Path(sys.argv[2]), int(sys.argv[3]))))
    elif "--cpu" in sys.argv:
        quick = "--quick" in sys.argv
        size = archive_size(quick)
        for row in cpu_rows(ensure_archive(size), size, RENDERS // 4 if quick else RENDERS):
            print(row)
    else:
        for row in run(quick="--quick" in sys.argv):
            print(row)
