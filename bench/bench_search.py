"""Search speed on a large synthetic archive: ours against naive FTS5 bm25 and PostgreSQL GIN.

The archive is synthesized from the real corpora (ANT and SaudiNewsNet, read from
../shared/data at run time, never copied): each article takes a real article's title and
sentences, shuffled, sometimes with a sentence of another article of the same category,
a source among 40, and a date; dates spread over five years and grow with the row id, as
they do when articles are stored as they are fetched. Every sentence is analyzed once and
the synthetic articles join the analyzed sentences, so a large archive builds in minutes.

Rows: p95 latency of ``akhbar.search.service.search`` (top 20, with snippets and facets)
per query class (frequent, mid and rare single terms, two-term AND, phrase, filtered),
against naive FTS5 (ORDER BY bm25 over all matches, top 20) and PostgreSQL GIN ts_rank on
the same archive; and the indexing rate of ``reindex`` of the first 20,000 articles
(quick: 5,000) into FTS5 (analysis included) against FTS5's own tokenizer inserting the
same raw text into a fresh table, three ways: entries already up to date ("search reindex
into FTS5, up-to-date entries", which ``reindex`` leaves alone after analyzing), new entries (the entries
deleted first: articles never indexed, as after an import) and changed entries (stored with
other terms and another analyzer version, as after an analyzer change: each is replaced in
FTS5). The same three rows for PostgreSQL when it runs.

``AKHBAR_BENCH_SEARCH_SIZE`` sets the archive size (default 200,000; quick: 20,000);
``AKHBAR_BENCH_PG_URL`` the PostgreSQL server (a scratch database is created and dropped;
set it empty to skip PostgreSQL). ``AKHBAR_BENCH_SEARCH_KEEP=DIR`` keeps the archive (the
SQLite file under DIR, the PostgreSQL database ``akhbar_bench_search_<size>``) and reuses it
on the next run of the same size, migrated to the current schema: tuning runs skip the build.
``AKHBAR_BENCH_SEARCH_ONLY=sqlite`` (or ``postgres``) times the queries of one backend only.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from multiprocessing import Pool
from pathlib import Path

import regex

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPORA = (SHARED / "ant" / "articles.jsonl", SHARED / "saudinewsnet" / "articles.jsonl")
PG_URL = os.environ.get("AKHBAR_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/test")
SCRATCH_PG = "akhbar_bench_search"
KEEP = os.environ.get("AKHBAR_BENCH_SEARCH_KEEP", "")
ONLY = os.environ.get("AKHBAR_BENCH_SEARCH_ONLY", "")
SOURCES = 40
YEARS = 5
CATEGORIES = ("national", "international", "politics", "economy", "sports", "culture",
              "society", "technology")  # fmt: skip
REPEATS = 20  # queries per class
GOAL_MS = {"sqlite": 50.0, "postgres": 100.0}
INDEX_GOAL = 2000.0
_SENTENCE = regex.compile(r"(?<=[.!؟?])\s+|\n+")


# --- The corpus, analyzed once -------------------------------------------------------------


def _analyzed(texts: list[str]) -> list[str]:
    """The terms as ``index.document_fields`` stores them (engine tokens)."""
    from akhbar.search.query import engine_text
    from akhbar.text.analyzer import analyze

    return [engine_text(analyze(text)) for text in texts]


def read_corpus(limit: int | None = None) -> list[dict]:
    """Real articles: title, sentences and category (ANT's, or national for SaudiNewsNet)."""
    articles = []
    for path in CORPORA:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                sentences = [s.strip() for s in _SENTENCE.split(row["body"]) if s.strip()]
                category = row.get("category") or "national"
                category = category if category in CATEGORIES else "society"
                if row["title"].strip() and sentences:
                    articles.append(
                        {"title": row["title"].strip(), "sentences": sentences, "cat": category}
                    )
    return articles[:limit] if limit else articles


def analyze_corpus(articles: list[dict]) -> None:
    """Add the analyzed title and sentences to each article (two processes)."""
    texts = [a["title"] for a in articles] + [s for a in articles for s in a["sentences"]]
    chunks = [texts[i : i + 5000] for i in range(0, len(texts), 5000)]
    with Pool(2) as pool:
        analyzed = [t for chunk in pool.map(_analyzed, chunks) for t in chunk]
    cursor = len(articles)
    for index, article in enumerate(articles):
        article["title_terms"] = analyzed[index]
        count = len(article["sentences"])
        article["sentence_terms"] = analyzed[cursor : cursor + count]
        cursor += count


# --- Synthetic articles ----------------------------------------------------------------------


def synthesize(articles: list[dict], size: int, seed: int = 7, now: datetime | None = None):
    """Yield (article row, document row) tuples for ids 1..size, dates growing with the id."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    start, span = now - timedelta(days=365 * YEARS), timedelta(days=365 * YEARS)
    by_category: dict[str, list[dict]] = {}
    for article in articles:
        by_category.setdefault(article["cat"], []).append(article)
    for pk in range(1, size + 1):
        base = rng.choice(articles)
        order = list(range(len(base["sentences"])))
        rng.shuffle(order)
        body = [base["sentences"][i] for i in order]
        terms = [base["sentence_terms"][i] for i in order]
        if rng.random() < 0.5:
            other = rng.choice(by_category[base["cat"]])
            extra = rng.randrange(len(other["sentences"]))
            body.append(other["sentences"][extra])
            terms.append(other["sentence_terms"][extra])
        fetched = start + span * (pk / size)
        published = fetched - timedelta(minutes=rng.randrange(0, 24 * 60))
        article = (pk, f"https://bench.test/{pk}", base["title"], "\n".join(body), published,
                   fetched, 1 + rng.randrange(SOURCES), CATEGORIES.index(base["cat"]))  # fmt: skip
        yield article, (pk, base["title_terms"], " ".join(t for t in terms if t))


# --- SQLite ----------------------------------------------------------------------------------

ARTICLE_SQL = (
    "INSERT INTO news_article (id, url, title, lede, body, author, published_at, fetched_at, "
    "language, image_url, image_state, body_hash, content_hash, held_reason, source_id, "
    "category_id) VALUES (?, ?, ?, '', ?, '', ?, ?, 'ar', '', 'shown', '', '', '', ?, ?)"
)
DOCUMENT_SQL = (
    "INSERT INTO search_document (article_id, title_terms, body_terms, analyzer_version) "
    "VALUES (?, ?, ?, ?)"
)


def _sqlite_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def setup_django(data_dir: Path, pg_dsn: str | None) -> None:
    """Django on the archive's SQLite file (and the scratch PostgreSQL database), migrated."""
    os.environ.setdefault("AKHBAR_SECRET_KEY", "bench-only-secret-key")
    os.environ["AKHBAR_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "akhbar.settings"
    import django
    from django.conf import settings

    from akhbar.conf import database_from_url

    if pg_dsn:
        settings.DATABASES["pg"] = database_from_url(pg_dsn)
    django.setup()
    from django.core.management import call_command

    for alias in settings.DATABASES:
        call_command("migrate", database=alias, verbosity=0)


def category_ids(using: str) -> list[int]:
    """The ids of CATEGORIES on one database (copied from the default one when the data
    migration filled only that)."""
    from akhbar.news.models import Category

    if not Category.objects.using(using).exists():
        copies = [Category(**row) for row in Category.objects.order_by("pk").values()]
        Category.objects.using(using).bulk_create(copies)
    slugs = {c.slug: c.pk for c in Category.objects.using(using).all()}
    return [slugs[slug] for slug in CATEGORIES]


def create_sources(using: str) -> None:
    from akhbar.news.models import Source

    Source.objects.using(using).bulk_create(
        Source(
            id=i,
            slug=f"src{i:02d}",
            name_ar=f"src{i}",
            name_fr=f"src{i}",
            homepage=f"https://src{i}.test/",
        )  # fmt: skip
        for i in range(1, SOURCES + 1)
    )


def load_sqlite(path: Path, rows, categories: list[int], version: int) -> float:
    """Insert articles and index entries (the triggers fill FTS5); returns seconds."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    batch_a, batch_d = [], []
    for article, document in rows:
        pk, url, title, body, published, fetched, source, cat = article
        batch_a.append((pk, url, title, body, _sqlite_time(published), _sqlite_time(fetched),
                        source, categories[cat]))  # fmt: skip
        batch_d.append((*document, version))
        if len(batch_a) == 20000:
            _flush(db, batch_a, batch_d)
    _flush(db, batch_a, batch_d)
    db.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return time.perf_counter() - started


def _flush(db, batch_a: list, batch_d: list) -> None:
    db.executemany(ARTICLE_SQL, batch_a)
    db.executemany(DOCUMENT_SQL, batch_d)
    db.commit()
    batch_a.clear()
    batch_d.clear()


# --- PostgreSQL ------------------------------------------------------------------------------


def scratch_postgres(name: str = SCRATCH_PG, reuse: bool = False) -> str | None:
    """The scratch database's URL, created anew (or kept as it is when ``reuse``)."""
    if not PG_URL:
        return None
    import psycopg

    if not reuse:
        with psycopg.connect(PG_URL, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def drop_postgres(name: str = SCRATCH_PG) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(PG_URL, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_postgres(dsn: str, rows, categories: list[int], version: int) -> float:
    """COPY the same archive; the GIN index is rebuilt after the load. Returns seconds."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute("DROP INDEX IF EXISTS search_document_vector_idx")
        columns_a = ("id, url, title, lede, body, author, published_at, fetched_at, language, "
                     "image_url, image_state, body_hash, content_hash, held_reason, source_id, "
                     "category_id")  # fmt: skip
        documents = []
        with db.cursor().copy(f"COPY news_article ({columns_a}) FROM STDIN") as copy:
            for article, document in rows:
                pk, url, title, body, published, fetched, source, cat = article
                copy.write_row((pk, url, title, "", body, "", published, fetched, "ar", "",
                                "shown", "", "", "", source, categories[cat]))  # fmt: skip
                documents.append(document)
        columns_d = "article_id, title_terms, body_terms, analyzer_version"
        with db.cursor().copy(f"COPY search_document ({columns_d}) FROM STDIN") as copy:
            for document in documents:
                copy.write_row((*document, version))
        db.execute("SET maintenance_work_mem = '512MB'")
        db.execute(
            "CREATE INDEX search_document_vector_idx ON search_document USING gin (search_vector)"
        )
        db.execute("SELECT setval(pg_get_serial_sequence('news_article', 'id'), %s)",
                   (len(documents),))  # fmt: skip
        db.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


# --- Queries ---------------------------------------------------------------------------------


def pick_queries(path: Path, rng: random.Random) -> dict[str, list[str]]:
    """Query classes chosen from the index's own vocabulary by document frequency."""
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, search_fts, row)"
    )
    total = db.execute("SELECT COUNT(*) FROM search_document").fetchone()[0]
    vocab = [(t, d) for t, d in db.execute("SELECT term, doc FROM temp.vocab") if len(t) >= 3
             and not t.isdigit()]  # fmt: skip
    vocab.sort(key=lambda row: -row[1])

    def band(low: float, high: float) -> list[str]:
        return [t for t, d in vocab if low * total <= d <= high * total]

    frequent, mid, rare = vocab[:5], band(0.005, 0.02), band(0.00005, 0.0002)
    sample = lambda words, n: rng.sample(words, min(n, len(words)))  # noqa: E731
    bigrams = _frequent_bigrams(db, rng)
    days = [f"after:{(datetime.now(UTC) - timedelta(days=d)).date()}" for d in (30, 365)]
    queries = {
        "frequent": [t for t, _ in frequent] * (REPEATS // 5),
        "mid": sample(mid, REPEATS),
        "rare": sample(rare, REPEATS),
        "and": [f"{a} {b}" for a, b in zip(sample(band(0.02, 0.1), REPEATS),
                                           sample(band(0.01, 0.05), REPEATS), strict=False)],
        "phrase": [f'"{a} {b}"' for a, b in bigrams],
        "filtered": [f"{t} source:src{rng.randrange(1, SOURCES + 1):02d} "
                     f"category:{rng.choice(CATEGORIES)} {rng.choice(days)}"
                     for t in sample(band(0.01, 0.2), REPEATS)],
    }  # fmt: skip
    db.close()
    return queries


def _frequent_bigrams(db, rng: random.Random) -> list[tuple[str, str]]:
    """Adjacent term pairs from titles of random documents (phrases readers search for)."""
    pairs = []
    maxid = db.execute("SELECT MAX(article_id) FROM search_document").fetchone()[0]
    while len(pairs) < REPEATS:
        row = db.execute(
            "SELECT title_terms FROM search_document WHERE article_id = ?",
            (rng.randrange(1, maxid + 1),),
        ).fetchone()
        terms = (row[0] if row else "").split()
        if len(terms) >= 2:
            i = rng.randrange(len(terms) - 1)
            pairs.append((terms[i], terms[i + 1]))
    return pairs


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(function, queries: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per query (after a warm-up of three queries). The CPU
    time of this process includes SQLite's work, not PostgreSQL's: on a shared machine it
    shows what the query costs when the cores are free."""
    for query in queries[:3]:
        function(query)
    wall, cpu = [], []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        function(query)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def ours(using: str):
    from akhbar.search.service import search

    def run(query: str):
        return search(query, limit=20, using=using)

    return run


def naive_fts5(path: Path):
    """FTS5's bm25 over every match of the same analyzed query with the same filters,
    top 20 (no snippets, no facets)."""
    from zoneinfo import ZoneInfo

    from akhbar.search.backends.base import filter_sql
    from akhbar.search.backends.sqlite import fts5_match
    from akhbar.search.query import parse_query

    db = sqlite3.connect(path)

    def run(query: str):
        parsed = parse_query(query)
        if parsed.is_empty:
            return []
        where, params = filter_sql(parsed.filters, ZoneInfo("Africa/Algiers"))
        sql = (
            "SELECT f.rowid FROM search_fts f JOIN news_article a ON a.id = f.rowid "
            f"WHERE search_fts MATCH ? {where.replace('%s', '?')} ORDER BY f.rank LIMIT 20"
        )
        params = [p.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if hasattr(p, "tzinfo")
                  else p for p in params]  # fmt: skip
        return db.execute(sql, (fts5_match(parsed), *params)).fetchall()

    return run


def naive_postgres(dsn: str):
    """GIN match and ts_rank over every match with the same filters, top 20."""
    from zoneinfo import ZoneInfo

    import psycopg

    from akhbar.search.backends.base import filter_sql
    from akhbar.search.backends.postgres import ts_query
    from akhbar.search.query import parse_query

    db = psycopg.connect(dsn, autocommit=True)

    def run(query: str):
        parsed = parse_query(query)
        if parsed.is_empty:
            return []
        where, params = filter_sql(parsed.filters, ZoneInfo("Africa/Algiers"))
        sql = (
            "SELECT d.article_id FROM search_document d JOIN news_article a "
            "ON a.id = d.article_id, to_tsquery('simple', %s) q "
            f"WHERE d.search_vector @@ q {where} ORDER BY ts_rank(d.search_vector, q) DESC LIMIT 20"
        )
        return db.execute(sql, (ts_query(parsed), *params)).fetchall()

    return run


# --- Indexing rate ---------------------------------------------------------------------------


REINDEX_CASES = ("unchanged", "new", "changed")


def _prepare(case: str, count: int, using: str) -> None:
    """Put the first ``count`` entries in the state of ``case`` (the triggers keep FTS5 and
    the term statistics in step; not timed)."""
    from django.db import connections, transaction

    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if case == "new":
            cursor.execute("DELETE FROM search_document WHERE article_id <= %s", [count])
        elif case == "changed":
            cursor.execute(
                "UPDATE search_document SET title_terms = title_terms || ' bench', "
                "analyzer_version = 0 WHERE article_id <= %s",
                [count],
            )


def reindex_rates(count: int, using: str = "default") -> dict[str, tuple[float, float, float]]:
    """``reindex`` of the first ``count`` articles (analysis included, cold analyzer cache,
    one worker per CPU) for each of REINDEX_CASES, in that order: {case: (articles per
    second, CPU seconds of this process, CPU seconds of the workers)}. The archive ends as
    it began: every entry up to date."""
    import resource

    from akhbar.news.models import Article
    from akhbar.search.index import reindex
    from akhbar.text.analyzer import DEFAULT_ANALYZER

    def children_cpu() -> float:  # the workers' CPU: reindex reaps them before returning
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    rates = {}
    for case in REINDEX_CASES:
        _prepare(case, count, using)
        DEFAULT_ANALYZER._caches.clear()  # a cold analyzer cache, as for new articles
        articles = Article.objects.using(using).filter(pk__lte=count)
        children, cpu, started = children_cpu(), time.process_time(), time.perf_counter()
        done = reindex(articles, workers=os.cpu_count() or 1, using=using)
        wall = time.perf_counter() - started
        rates[case] = (done / wall, time.process_time() - cpu, children_cpu() - children)
    _vacuum(using)
    return rates


def _vacuum(using: str) -> None:
    """PostgreSQL: vacuum what the reindex rewrote (not timed). The cases leave dead row
    versions behind (3 * count in search_document, more in search_term_df), and the first
    searches of a later run on a kept archive would prune them as they read (such a run
    saw a p95 of 304 ms where the next one saw 57); autovacuum would clear them in time."""
    from django.db import connections

    if connections[using].vendor == "postgresql":
        with connections[using].cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) search_document, search_term_df, search_totals")


def raw_fts5_rate(count: int) -> float:
    """FTS5's own tokenizer inserting the raw title and body of the first ``count`` articles
    into a fresh in-memory table: articles per second."""
    from akhbar.news.models import Article

    raw = list(Article.objects.filter(pk__lte=count).values_list("title", "body"))
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE raw USING fts5(title, body)")
    started = time.perf_counter()
    db.executemany("INSERT INTO raw (title, body) VALUES (?, ?)", raw)
    db.commit()
    return len(raw) / (time.perf_counter() - started)


REINDEX_ROWS = {
    "unchanged": "search reindex into {engine}, up-to-date entries",
    "new": "search reindex into {engine}, new entries",
    "changed": "search reindex into {engine}, changed entries",
}


def _reindex_rows(engine: str, rates: dict, raw_rate: float) -> list[dict]:
    rows = []
    for case, (rate, cpu, workers_cpu) in rates.items():
        name = REINDEX_ROWS[case].format(engine=engine)
        rows.append({
            "name": name, "ours": round(rate), "anchor": round(raw_rate),
            "unit": "articles/s", "ratio": round(rate / raw_rate, 2),
            "goal": f">= {INDEX_GOAL:.0f} articles/s",
        })  # fmt: skip
        log(f"{name}: {rate:.0f} articles/s, CPU {cpu:.1f} s here + {workers_cpu:.1f} s in "
            "the workers")  # fmt: skip
    return rows


# --- The run ---------------------------------------------------------------------------------


def _latency_row(label: str, size: int, mine: list, theirs: list, vendor: str) -> dict:
    ours_ms, anchor_ms = p95(mine), p95(theirs)
    return {
        "name": f"search {label} ({size:,} articles)",
        "ours": round(ours_ms, 1), "anchor": round(anchor_ms, 1), "unit": "ms",
        "ratio": round(anchor_ms / ours_ms, 2) if ours_ms else None,
        "goal": f"<= {GOAL_MS[vendor]:.0f} ms",
    }  # fmt: skip


def archive_size(quick: bool) -> int:
    default = 20_000 if quick else 200_000
    return int(os.environ.get("AKHBAR_BENCH_SEARCH_SIZE", default))


def log(message: str) -> None:
    print(f"bench_search: {message}", file=sys.stderr, flush=True)


def build(size: int, quick: bool, data_dir: Path, pg_dsn: str | None) -> dict:
    from akhbar.text.analyzer import ANALYZER_VERSION

    corpus = read_corpus(4000 if quick else None)
    started = time.perf_counter()
    analyze_corpus(corpus)
    log(f"{len(corpus)} real articles analyzed in {time.perf_counter() - started:.0f}s")
    setup_django(data_dir, pg_dsn)
    now = datetime.now(UTC)
    timings = {}
    for alias in ("default", "pg") if pg_dsn else ("default",):
        create_sources(alias)
        rows = synthesize(corpus, size, now=now)
        if alias == "default":
            timings[alias] = load_sqlite(data_dir / "akhbar.sqlite3", rows, category_ids(alias),
                                         ANALYZER_VERSION)  # fmt: skip
        else:
            timings[alias] = load_postgres(pg_dsn, rows, category_ids(alias), ANALYZER_VERSION)
        log(f"{size} articles loaded into {alias} in {timings[alias]:.0f}s")
    return timings


def run(quick: bool = False) -> list[dict]:
    size = archive_size(quick)
    if KEEP:  # a kept archive: reused when a run of this size finished building it
        data_dir = Path(KEEP) / str(size)
        data_dir.mkdir(parents=True, exist_ok=True)
        reuse = (data_dir / "built").exists()
        pg_name = f"{SCRATCH_PG}_{size}"
    else:
        data_dir, reuse, pg_name = (
            Path(tempfile.mkdtemp(prefix="akhbar-bench-search-")),
            False,
            SCRATCH_PG,
        )
    pg_dsn = scratch_postgres(pg_name, reuse)
    rows = []
    rows.append({"name": f"search: load average at start {os.getloadavg()[0]:.1f} "
                         f"on {os.cpu_count()} CPUs"})  # fmt: skip
    try:
        if reuse:
            setup_django(data_dir, pg_dsn)
            log(f"reusing the archive in {data_dir} and {pg_name}")
        else:
            build(size, quick, data_dir, pg_dsn)
            if KEEP:
                (data_dir / "built").touch()
        # the frequent terms' row counts, as `akhbar run` stores them after its crawl passes
        from akhbar.search import term_rows

        term_rows.refresh()
        queries = pick_queries(data_dir / "akhbar.sqlite3", random.Random(11))
        anchors = {"default": naive_fts5(data_dir / "akhbar.sqlite3")}
        if pg_dsn:
            anchors["pg"] = naive_postgres(pg_dsn)
        if ONLY:  # a tuning run of one vendor: "sqlite" or "postgres"
            anchors = {
                a: f for a, f in anchors.items() if ONLY == ("sqlite", "postgres")[a == "pg"]
            }
        for alias, anchor in anchors.items():
            vendor = "sqlite" if alias == "default" else "postgres"
            for name, batch in queries.items():
                (mine, mine_cpu), (theirs, theirs_cpu) = (timed(ours(alias), batch),
                                                          timed(anchor, batch))  # fmt: skip
                rows.append(_latency_row(f"{vendor} {name} p95", size, mine, theirs, vendor))
                if vendor == "sqlite":
                    rows.append(_latency_row(f"{vendor} {name} p95 CPU", size, mine_cpu,
                                             theirs_cpu, vendor))  # fmt: skip
                log(f"{vendor} {name}: ours {p95(mine):.1f} ms, anchor {p95(theirs):.1f} ms")
        count = min(size, 5000 if quick else 20000)
        rates = reindex_rates(count)
        raw_rate = raw_fts5_rate(count)
        rows.extend(_reindex_rows("FTS5", rates, raw_rate))
        if pg_dsn:
            rows.extend(_reindex_rows("PostgreSQL", reindex_rates(count, "pg"), raw_rate))
        rows.append({"name": f"search: load average at end {os.getloadavg()[0]:.1f}"})
    finally:
        if not KEEP:
            if pg_dsn:
                drop_postgres(pg_name)
            shutil.rmtree(data_dir, ignore_errors=True)  # a gigabyte at full size
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
