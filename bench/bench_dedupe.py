"""Cost of deduplication + story clustering per new article as the archive grows.

What it measures, per archive size (10 k, 100 k, 1 M indexed articles; quick: 10 k;
``AKHBAR_BENCH_DEDUPE_SIZES=10000,100000`` to choose):

- ``fold_and_cluster`` per new article, wall and CPU (user+sys of the process) milliseconds,
  each article in its own transaction with its commit, in the writer's turn (and with the
  writer's page cache, ``news/writeturn.py``) as the pipeline runs it, and the
  checkpoint that copies the pages the folds left in the WAL into the database. 199 new
  articles published right after the archive: 150 fresh ones (a real article with a quarter
  of its words replaced; three in four find the story of the same base article) and 50
  near copies of recent archive articles (a sixth of the words dropped), so both the
  duplicate path and the story path are timed. 20 more are kept apart for memory. Before
  the timing the process analyzes the archive's last 1,000 articles as the worker that
  folded them did (``warm_up``): the timed folds are those of a running worker, whose
  analyzer caches hold the words it has met, not those of a process's first minutes.
- the anchor, in the same run on 4 of the same articles: compare the new article with every
  article of the last 7 days (read each body, shingle it, containment).
- memory: the tracemalloc peak of one fold (and of one anchor comparison) and the max RSS of
  the measuring process; the bytes on disk of the dedupe and story tables per article.
- the load average of the machine during the run (wall times are only comparable at a
  similar load; CPU times less sensitive); the growth of the CPU figure from the smallest to
  the largest size (goal < 1.5×; goal ≤ 5 ms at 1 M).

The archive is synthesized by perturbing real articles of ../shared/data (ANT and
SaudiNewsNet, read at run time, never copied): a pool of 10,000 real articles (a base comes
back every 4 days, beyond the 72-hour story window, so the archive holds what online
clustering would have left: no two stories of one event), each archive article a base's
normalized words with a quarter of them replaced, every 12th a near copy of the one before
it, 2,500 articles a day, with their band keys, story keys and story terms as
``fold_and_cluster`` writes them. It is bulk-loaded into SQLite (indexes and search
triggers created after the load; then the band keys and the story-term index, which grow at
random places, are aged to the two-thirds-full leaves of a B-tree grown by inserts, see
``age_indexes``) in a child process and kept under
``AKHBAR_BENCH_DEDUPE_DIR`` (default the temp dir) as ``akhbar-bench-dedupe-<size>-b<build
version>-f<fingerprint version>``, reused by later runs; each run measures on a scratch copy
(the timed folds write) after applying newer migrations. ``AKHBAR_BENCH_PROFILE=<file>``
writes a CPU-time cProfile of the timed folds.
"""

import gc
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CORPORA = [DATA / "ant" / "articles.jsonl", DATA / "saudinewsnet" / "articles.jsonl"]
PER_DAY = 2500
POOL = 10_000  # bases repeat every 4 days: longer than the 72-hour story window
NEW_FRESH, NEW_COPIES, ANCHOR_ARTICLES, MEMORY_ARTICLES = 150, 50, 4, 20
# The archive articles a timed fold's worker is taken to have analyzed before (see warm_up).
WARM_ARTICLES = 1000
GOAL_MS = 5.0
GOAL_GROWTH = 1.5
# Bump when the synthesized archive changes shape: archives built before are rebuilt.
BUILD_VERSION = 3
DB_NAME = "akhbar.sqlite3"
START = datetime(2025, 1, 1, tzinfo=UTC)


def run(quick: bool = False) -> list[dict]:
    sizes = [10_000] if quick else [10_000, 100_000, 1_000_000]
    if os.environ.get("AKHBAR_BENCH_DEDUPE_SIZES"):
        sizes = [int(s) for s in os.environ["AKHBAR_BENCH_DEDUPE_SIZES"].split(",")]
    return rows_from([measure_in_child(size, ensure_archive(size)) for size in sizes])


def archive_dir(size: int) -> Path:
    """Where the archive of `size` articles is kept between runs (keyed by what shapes it)."""
    from akhbar.stories.fingerprints import FINGERPRINT_VERSION

    key = f"{size}-b{BUILD_VERSION}-f{FINGERPRINT_VERSION}"
    root = os.environ.get("AKHBAR_BENCH_DEDUPE_DIR", tempfile.gettempdir())
    return Path(root) / f"akhbar-bench-dedupe-{key}"


def _env(data_dir: Path) -> dict:
    env = {**os.environ, "AKHBAR_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "akhbar.settings"
    env.pop("DATABASE_URL", None)
    env.setdefault("AKHBAR_SECRET_KEY", "bench-only-secret-key")
    return env


def ensure_archive(size: int) -> Path:
    """Build the archive once (in a child process) and reuse it on the next runs."""
    where = archive_dir(size)
    if not (where / "built").exists():
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        command = [sys.executable, "-m", "bench.bench_dedupe", "--build", str(size)]
        subprocess.run(command, cwd=ROOT, env=_env(where), check=True)
        (where / "built").write_text("ok")
    # The kept archive gets the migrations since it was built (measuring applies them too,
    # but an index a migration creates is packed: it must be aged like the others).
    command = [sys.executable, "-m", "bench.bench_dedupe", "--migrate"]
    subprocess.run(command, cwd=ROOT, env=_env(where), check=True)
    aged = where / "aged"
    if not aged.exists() or aged.read_text() != aged_signature(where / DB_NAME):
        age_indexes(where / DB_NAME)
        aged.write_text(aged_signature(where / DB_NAME))
    return where


# The tables whose B-trees an archive grows at random places (band keys are hashes, story
# terms are words), rebuilt as inserts would have grown them: the indexes of a rowid table,
# and the table itself for a WITHOUT ROWID one (news_bandkey: its primary key is the lookup).
AGED_TABLES = ("news_bandkey", "news_storyterm")


def aged_signature(path: Path) -> str:
    """The definitions of the aged tables and their indexes: aging is redone when they change."""
    import sqlite3

    db = sqlite3.connect(path)
    marks = ",".join("?" * len(AGED_TABLES))
    rows = db.execute(
        f"SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') "
        f"AND tbl_name IN ({marks}) AND sql IS NOT NULL ORDER BY name",
        AGED_TABLES,
    ).fetchall()
    db.close()
    return "\n".join(sql for (sql,) in rows)


def age_indexes(path: Path) -> None:
    """Make the bulk-built B-trees of the random-key tables look grown by inserts.

    CREATE INDEX packs every leaf page full (and so does a migration that copies a table in
    key order); a B-tree grown by inserts at random places keeps its leaves about two-thirds
    full (each split leaves two half-full pages). On a packed B-tree nearly every insert
    splits a leaf (four or five pages written instead of one), so the timed folds measured
    that artifact, worse the larger the archive. Here half the rows are indexed packed and
    the other half inserted after: each leaf splits about once, as in an archive that grew
    article by article.
    """
    import sqlite3

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1048576")
    db.execute("PRAGMA secure_delete=OFF")  # freed pages are reused, not zeroed (news/0013)
    for table in AGED_TABLES:
        log(f"aging {table}")
        (table_sql,) = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
        indexes = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            [table],
        ).fetchall()
        db.execute("BEGIN")
        for name, _ in indexes:
            db.execute(f'DROP INDEX "{name}"')
        if "WITHOUT ROWID" in table_sql.upper():
            # the table is the B-tree: rebuilt, its first half in key order (packed); its
            # indexes follow ascending article ids (appended), so they need no aging
            db.execute(f"ALTER TABLE {table} RENAME TO aging_old")
            db.execute(table_sql)
            db.execute(
                f"INSERT INTO {table} SELECT * FROM aging_old WHERE article_id % 2 = 0 "
                "ORDER BY 1, 2, 3"
            )
            db.execute(
                f"INSERT INTO {table} SELECT * FROM aging_old WHERE article_id % 2 = 1 "
                "ORDER BY article_id"
            )
            db.execute("DROP TABLE aging_old")
            for _, sql in indexes:
                db.execute(sql)
        else:
            db.execute(f"CREATE TEMP TABLE later AS SELECT * FROM {table} WHERE id % 2 = 1")
            db.execute(f"DELETE FROM {table} WHERE id % 2 = 1")
            for _, sql in indexes:
                db.execute(sql)
            db.execute(f"INSERT INTO {table} SELECT * FROM later ORDER BY id")
            db.execute("DROP TABLE later")
        db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def copy_archive(kept: Path, scratch: Path, chunk: int = 64 << 20) -> None:
    """Copy the kept archive to the scratch file the timed folds write, leaving the machine as
    a running archive would be: the copy's pages in the page cache, written back to disk.

    At 1 M the kept archive and its copy are 12 GB each on a 24 GB machine: a plain copy
    fills the page cache with both, and which pages of the copy the kernel evicts to make
    room varies from run to run (the timed folds then read some of them back from disk: 5.1
    and 7.8 ms per article in two runs of the same code). Each chunk of the kept file is
    dropped from the cache as soon as it is copied, and the copy is synced, so that its first
    checkpoints do not write gigabytes back inside the timed folds.
    """
    with open(kept, "rb") as source, open(scratch, "wb") as target:
        offset = 0
        while data := source.read(chunk):
            target.write(data)
            os.posix_fadvise(source.fileno(), offset, len(data), os.POSIX_FADV_DONTNEED)
            offset += len(data)
        target.flush()
        os.fsync(target.fileno())


def measure_in_child(size: int, archive: Path) -> dict:
    """Measure on a scratch copy of the archive: the timed folds write to it."""
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-dedupe-run-") as directory:
        log(f"copying the {size:,}-article archive")
        scratch = Path(directory) / DB_NAME
        copy_archive(archive / DB_NAME, scratch)
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_dedupe", str(size)],
            cwd=ROOT,
            env=_env(Path(directory)),
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench: dedupe at {size}: exit {done.returncode}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def rows_from(figures: list[dict]) -> list[dict]:
    rows = []
    for f in figures:
        label = f"{f['size'] // 1000:,}k" if f["size"] < 1_000_000 else f"{f['size'] // 1_000_000}M"
        rows.append(
            {
                "name": f"dedupe+stories per article @{label} (wall)",
                "ours": f["ms_wall"],
                "anchor": f["anchor_ms_wall"],
                "unit": "ms",
                "ratio": round(f["ms_wall"] / f["anchor_ms_wall"], 4)
                if f["anchor_ms_wall"]
                else None,
                "goal": f"≤ {GOAL_MS} ms at 1M",
            }
        )
        rows.append(
            {
                "name": f"dedupe+stories per article @{label} (CPU)",
                "ours": f["ms_cpu"],
                "anchor": f["anchor_ms_cpu"],
                "unit": "ms",
                "ratio": round(f["ms_cpu"] / f["anchor_ms_cpu"], 4) if f["anchor_ms_cpu"] else None,
                "goal": f"≤ {GOAL_MS} ms at 1M",
            }
        )
        rows.append(
            {
                "name": f"peak Python memory per article @{label}",
                "ours": f["peak_kib"],
                "anchor": f["anchor_peak_kib"],
                "unit": "KiB",
                "ratio": round(f["peak_kib"] / f["anchor_peak_kib"], 4)
                if f["anchor_peak_kib"]
                else None,
                "goal": "flat",
            }
        )
        rows.append(
            {
                "name": f"max RSS of the measuring process @{label}",
                "ours": f["max_rss_mib"],
                "anchor": None,
                "unit": "MiB",
                "ratio": None,
                "goal": "",
            }
        )
        rows.append(
            {
                "name": f"load average during the run @{label}",
                "ours": f["load"],
                "anchor": None,
                "unit": "",
                "ratio": None,
                "goal": "",
            }
        )
        rows.append(
            {
                "name": f"index rows on disk per article @{label}",
                "ours": f["index_bytes_per_article"],
                "anchor": None,
                "unit": "bytes",
                "ratio": None,
                "goal": "",
            }
        )
    if len(figures) > 1:
        first, last = figures[0], figures[-1]
        rows.append(
            {
                "name": f"growth {first['size'] // 1000}k → {last['size'] // 1000}k (CPU)",
                "ours": round(last["ms_cpu"] / first["ms_cpu"], 3),
                "anchor": round(last["anchor_ms_cpu"] / first["anchor_ms_cpu"], 3),
                "unit": "×",
                "ratio": None,
                "goal": f"< {GOAL_GROWTH}×",
            }
        )
    return rows


# ---- the worker: runs in its own process with a throwaway database ----


def load_pool(limit: int = POOL) -> list[dict]:
    rows = []
    per_corpus = limit // len(CORPORA)
    for path in CORPORA:
        with open(path, encoding="utf-8") as stream:
            taken = 0
            for line in stream:
                row = json.loads(line)
                if len(row.get("body") or "") > 400:
                    rows.append(row)
                    taken += 1
                if taken >= per_corpus:
                    break
    return rows


def perturb(words: list[str], vocabulary: list[str], rng: random.Random, share: float) -> list[str]:
    out = list(words)
    for i in rng.sample(range(len(out)), int(len(out) * share)):
        out[i] = rng.choice(vocabulary)
    return out


def drop_chunk(words: list[str], rng: random.Random, share: float = 1 / 6) -> list[str]:
    size = int(len(words) * share)
    start = rng.randrange(0, max(1, len(words) - size))
    return words[:start] + words[start + size :]


def prepare_pool(rows):
    from akhbar.stories.fingerprints import body_words
    from akhbar.stories.rules import StoryKeys

    pool = []
    for row in rows:
        keys = StoryKeys.of(row["title"], "", row["body"], row.get("lang") or "ar", None)
        pool.append(
            {
                "title": row["title"][:500],
                "lang": row.get("lang") or "ar",
                "words": body_words(row["body"]),
                "keys": json.dumps(keys.to_json(), ensure_ascii=False),
                "terms": sorted(t[:64] for t in keys.lookup_terms()),
            }
        )
    return pool


LOADED_TABLES = ("news_article", "news_story", "news_storykey", "news_storyterm", "news_bandkey")


def synthesize(size: int, pool: list[dict], rng: random.Random, path: Path) -> None:
    """Write `size` indexed articles as fold_and_cluster would have left them, in bulk.

    Straight into the SQLite file: the secondary indexes and the search triggers of the loaded
    tables are dropped first and created again after the load (one sort per index instead of
    a B-tree insert per row), without a journal. The search index stays empty: this
    benchmark never searches.
    """
    import sqlite3

    from akhbar.news.models import Source
    from akhbar.stories import fingerprints as fp
    from akhbar.stories.timebuckets import time_bucket

    vocabulary = [w for item in pool[:300] for w in item["words"]]
    sources = [
        Source.objects.create(
            slug=f"bench-{n}",
            name_ar=f"مصدر {n}",
            homepage=f"https://bench-{n}.test/",
            kind="online",
            ownership="private",
        ).pk
        for n in range(20)
    ]
    from django.db import connection

    connection.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    marks = ",".join("?" * len(LOADED_TABLES))
    schema = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND sql IS NOT NULL AND tbl_name IN ({marks})",
        LOADED_TABLES,
    ).fetchall()
    for name, sql in schema:
        kind = "TRIGGER" if sql.lstrip().upper().startswith("CREATE TRIGGER") else "INDEX"
        db.execute(f'DROP {kind} "{name}"')
    step = timedelta(seconds=86400 / PER_DAY)
    chunk = 10_000
    previous_words, previous_id, previous_story = None, None, None
    story_id = 0
    created = str(START.replace(tzinfo=None))
    for begin in range(0, size, chunk):
        articles, stories, keys, terms, bands = [], [], [], [], []
        for i in range(begin, min(size, begin + chunk)):
            base = pool[i % len(pool)]
            pk = i + 1
            at = START + step * i
            when = str(at.replace(tzinfo=None))  # as Django stores it
            bucket = time_bucket(at)
            copy = previous_words is not None and i % 12 == 11
            if copy:
                words = drop_chunk(previous_words, rng)
                duplicate_of, story = previous_id, previous_story
            else:
                words = perturb(base["words"], vocabulary, rng, 0.25)
                story_id += 1
                story, duplicate_of = story_id, None
                stories.append((story, base["title"], when, when, 1, 1, created, "[]"))
                terms.extend((bucket, t, when, pk, story) for t in base["terms"])
            shingles = fp.shingles(words)
            signature = fp.minhash(shingles)
            sketch = fp.signature_bytes(signature)
            articles.append(
                (
                    pk,
                    f"https://bench.test/{pk:09d}",
                    base["title"],
                    "",
                    " ".join(words),
                    "",
                    when,
                    when,
                    base["lang"],
                    "",
                    "none",
                    fp.exact_hash(words),
                    sketch,
                    "",
                    "",
                    sources[i % len(sources)],
                    story,
                    duplicate_of,
                )
            )
            keys.append(
                (pk, story, when, len(shingles), fp.FINGERPRINT_VERSION, base["keys"], sketch)
            )
            bands.extend((bucket, key, pk) for key in fp.band_keys(signature))
            if not copy:
                previous_words, previous_id, previous_story = words, pk, story
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO news_story (id, title, first_published_at, last_published_at, "
            "article_count, source_count, created_at, agency_credits) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            stories,
        )
        db.executemany(
            "INSERT INTO news_article (id, url, title, lede, body, author, published_at, "
            "fetched_at, language, image_url, image_state, body_hash, minhash, "
            "content_hash, held_reason, source_id, story_id, duplicate_of_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            articles,
        )
        db.executemany(
            "INSERT INTO news_storykey (article_id, story_id, at, shingle_count, version, keys, "
            "minhash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            keys,
        )
        db.executemany(
            "INSERT INTO news_storyterm (bucket, term, at, article_id, story_id) "
            "VALUES (?, ?, ?, ?, ?)",
            terms,
        )
        db.executemany("INSERT INTO news_bandkey (bucket, key, article_id) VALUES (?, ?, ?)", bands)
        db.execute("COMMIT")
        log(f"synthesized {min(size, begin + chunk):,}/{size:,}")
    for name, sql in schema:
        log(f"creating {name}")
        db.execute(sql)
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()


def log(message: str) -> None:
    print(f"bench_dedupe: {message}", file=sys.stderr, flush=True)


def new_articles(size: int, pool: list[dict], rng: random.Random):
    """Fresh articles and near copies of recent archive articles, published after the archive."""
    from akhbar.news.models import Article, Source

    source = Source.objects.create(
        slug="bench-new",
        name_ar="جديد",
        homepage="https://new.test/",
        kind="online",
        ownership="private",
    )
    vocabulary = [w for item in pool[:300] for w in item["words"]]
    end = START + timedelta(seconds=86400 / PER_DAY * size)
    made = []
    for n in range(NEW_FRESH + NEW_COPIES):
        if n < NEW_FRESH:
            base = pool[rng.randrange(len(pool))]
            words, title, lang = (
                perturb(base["words"], vocabulary, rng, 0.25),
                base["title"],
                base["lang"],
            )
        else:
            recent = Article.objects.only("body", "title", "language").get(
                pk=size - rng.randrange(1, 2000)
            )
            words, title, lang = drop_chunk(recent.body.split(), rng), recent.title, recent.language
        when = end + timedelta(seconds=30 * n)
        made.append(
            Article.objects.create(
                source=source,
                url=f"https://new.test/{n}",
                title=title,
                body=" ".join(words),
                published_at=when,
                fetched_at=when,
                language=lang,
            )
        )
    return made


def anchor(article, window: timedelta = timedelta(days=7)) -> bool:
    """Compare one new article with every article of the last 7 days, one by one."""
    from akhbar.news.models import Article
    from akhbar.stories.rules import DupKeys, is_duplicate

    keys = DupKeys.of(article.body)
    recent = Article.objects.filter(
        published_at__gte=article.published_at - window, published_at__lt=article.published_at
    ).values_list("body", flat=True)
    found = False
    for text in recent.iterator(chunk_size=2000):
        found = is_duplicate(keys, DupKeys.of(text)) or found
    return found


def index_bytes(connection) -> int:
    """Bytes of the dedupe and story tables with their indexes (0 without SQLite's dbstat)."""
    total = 0
    try:
        with connection.cursor() as cursor:
            for table in ("news_bandkey", "news_storyterm", "news_storykey"):
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master"
                    " WHERE tbl_name = %s)",
                    [table],
                )
                total += cursor.fetchone()[0] or 0
    except Exception:  # dbstat is an optional SQLite extension
        return 0
    return total


def _profiler():
    """A CPU-time cProfile of the timed folds when AKHBAR_BENCH_PROFILE names an output file."""
    if not os.environ.get("AKHBAR_BENCH_PROFILE"):
        return None
    import cProfile

    return cProfile.Profile(time.process_time)


def build(size: int) -> None:
    """Migrate a fresh SQLite database in AKHBAR_DATA_DIR and load `size` articles into it."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, skip_checks=True)
    path = Path(connection.settings_dict["NAME"])
    started = time.perf_counter()
    synthesize(size, prepare_pool(load_pool()), random.Random(20261129), path)
    log(f"built {size:,} articles in {time.perf_counter() - started:.0f}s")


def warm_up(size: int, articles: int = WARM_ARTICLES) -> None:
    """Analyze the archive's last ``articles`` articles as the worker that folded them did:
    the timed folds are then those of a running worker, not of a process's first minutes.

    A worker's analyzer and gazetteer caches hold the words of the articles it analyzed
    (text/analyzer.py, stories/entities.py); a word met for the first time is normalized and
    stemmed in Python. A new process misses about 60 words per bench article, and a fold then
    costs about a sixth more (callgrind at 10 k: 18.7 M instructions against 15.7 M after this
    warm-up). The warm-up leaves about 18 misses per timed article, about what the story keys
    of a stream of real articles (ANT and SaudiNewsNet, shuffled) miss after 1,000 to 2,500
    articles (26, then 15 per article; 58 over the first 200). Nothing is written:
    ``fold_inputs`` is the pure part of a fold.
    """
    from akhbar.news.models import Article
    from akhbar.stories.service import fold_inputs

    recent = Article.objects.filter(pk__gt=size - articles, pk__lte=size).only(
        "title", "lede", "body", "language", "published_at", "fetched_at"
    )
    for article in recent.iterator(chunk_size=500):
        fold_inputs(article, with_story_keys=True)


def measure(size: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from akhbar.news.writeturn import writer_turn
    from akhbar.stories.service import fold_and_cluster

    load_before = os.getloadavg()[0]
    # an archive built by an older checkout gets the migrations (new indexes) since
    call_command("migrate", verbosity=0, skip_checks=True)
    rng = random.Random(20261130)
    pool = prepare_pool(load_pool())
    fresh = new_articles(size, pool, rng)
    warm_up(size)
    gc.collect()  # what the warm-up left is collected before the timing, not inside it
    fold_and_cluster(fresh[0])  # warm caches (analyzer, permutations) outside the timing
    # Time first, without tracemalloc (it slows allocation-heavy code several times over);
    # then measure memory on articles kept apart for it.
    traced = fresh[1 :: len(fresh) // MEMORY_ARTICLES][:MEMORY_ARTICLES]
    timed = [article for article in fresh[1:] if article not in traced]
    wall = cpu = 0.0
    folded = 0
    profile = _profiler()
    for article in timed:
        w, c = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        with writer_turn():  # as ingest.store.ingest_article takes its transaction
            result = fold_and_cluster(article)
        if profile:
            profile.disable()
        wall += time.perf_counter() - w
        cpu += time.process_time() - c
        folded += result.is_duplicate
    # The folds' pages still in the WAL are copied into the database by a later checkpoint:
    # that work is theirs (SQLite checkpoints every 8,000 pages, conf.SQLITE_INIT).
    w, c = time.perf_counter(), time.process_time()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
    wall += time.perf_counter() - w
    cpu += time.process_time() - c
    if profile:
        profile.dump_stats(os.environ["AKHBAR_BENCH_PROFILE"])
    count = len(timed)
    anchor_wall = anchor_cpu = 0.0
    sample = timed[: ANCHOR_ARTICLES // 2] + timed[-(ANCHOR_ARTICLES // 2) :]
    for article in sample:
        w, c = time.perf_counter(), time.process_time()
        anchor(article)
        anchor_wall += time.perf_counter() - w
        anchor_cpu += time.process_time() - c
    # The peak of one fold above what was live when it began: not what earlier folds left
    # in bounded caches (the analyzer's terms).
    tracemalloc.start()
    peak = 0
    for article in traced:
        tracemalloc.reset_peak()
        live = tracemalloc.get_traced_memory()[0]
        fold_and_cluster(article)
        peak = max(peak, tracemalloc.get_traced_memory()[1] - live)
    tracemalloc.reset_peak()
    live = tracemalloc.get_traced_memory()[0]
    anchor(sample[-1])
    anchor_peak = tracemalloc.get_traced_memory()[1] - live
    tracemalloc.stop()
    total = index_bytes(connection)
    return {
        "size": size,
        "ms_wall": round(1000 * wall / count, 3),
        "ms_cpu": round(1000 * cpu / count, 3),
        "anchor_ms_wall": round(1000 * anchor_wall / ANCHOR_ARTICLES, 1),
        "anchor_ms_cpu": round(1000 * anchor_cpu / ANCHOR_ARTICLES, 1),
        "peak_kib": round(peak / 1024, 1),
        "anchor_peak_kib": round(anchor_peak / 1024, 1),
        "index_bytes_per_article": round(total / size),
        "duplicates_folded": folded,
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load": round((load_before + os.getloadavg()[0]) / 2, 2),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1] == "--build":
        build(int(sys.argv[2]))
    elif sys.argv[1] == "--migrate":
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, skip_checks=True)
    else:
        print(json.dumps(measure(int(sys.argv[1]))), flush=True)
