"""Cost of deduplication + story clustering per new article as the archive grows.

An archive of N indexed articles (10 k, 100 k, 1 M; quick mode: 10 k) is synthesized in a
throwaway SQLite database by perturbing real articles of ../shared/data (ANT and
SaudiNewsNet, read at run time): each synthetic article is a real article's normalized words
with a quarter of them replaced at random (a different text of the same length and
vocabulary), every 12th is a near copy of the one before (a sixth of its words dropped), and
they are spread at 2,500 articles a day, each with its band keys, story keys and story terms
written exactly as ``fold_and_cluster`` writes them. Then ``fold_and_cluster`` runs on new
articles (fresh ones and near copies of recent archive articles) and is timed per article.

The anchor, measured in the same run on a few of the same new articles: compare the new
article with every article of the last 7 days (read each body, shingle it, containment).

Runs in a subprocess so that its throwaway database never meets another benchmark's Django.
"""

import json
import os
import random
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
POOL = 3000
NEW_FRESH, NEW_COPIES, ANCHOR_ARTICLES, MEMORY_ARTICLES = 150, 50, 4, 20
GOAL_MS = 5.0
GOAL_GROWTH = 1.5
START = datetime(2025, 1, 1, tzinfo=UTC)


def run(quick: bool = False) -> list[dict]:
    sizes = [10_000] if quick else [10_000, 100_000, 1_000_000]
    if os.environ.get("AKHBAR_BENCH_DEDUPE_SIZES"):
        sizes = [int(s) for s in os.environ["AKHBAR_BENCH_DEDUPE_SIZES"].split(",")]
    figures = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="akhbar-bench-dedupe-") as directory:
            env = {
                **os.environ,
                "AKHBAR_DATA_DIR": directory,
                "DJANGO_SETTINGS_MODULE": "akhbar.settings",
            }
            env.pop("DATABASE_URL", None)
            env.setdefault("AKHBAR_SECRET_KEY", "bench-only-secret-key")
            done = subprocess.run(
                [sys.executable, "-m", "bench.bench_dedupe", str(size)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"bench: dedupe at {size}: {done.stderr[-2000:]}")
            figures.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows_from(figures)


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


def synthesize(size: int, pool: list[dict], rng: random.Random) -> None:
    """Write `size` indexed articles with raw SQL, as fold_and_cluster would have left them."""
    from django.db import connection, transaction

    from akhbar.news.models import Source
    from akhbar.stories import fingerprints as fp

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
    adapt = connection.ops.adapt_datetimefield_value
    step = timedelta(seconds=86400 / PER_DAY)
    chunk = 5000
    previous_words, previous_id, previous_story = None, None, None
    story_id = 0
    for begin in range(0, size, chunk):
        articles, stories, keys, terms, bands = [], [], [], [], []
        for i in range(begin, min(size, begin + chunk)):
            base = pool[i % len(pool)]
            pk = i + 1
            when = adapt(START + step * i)
            copy = previous_words is not None and i % 12 == 11
            if copy:
                words = drop_chunk(previous_words, rng)
                duplicate_of, story = previous_id, previous_story
            else:
                words = perturb(base["words"], vocabulary, rng, 0.25)
                story_id += 1
                story, duplicate_of = story_id, None
                stories.append((story, base["title"], when, when, 1, 1, adapt(START), "[]"))
                terms.extend((t, when, pk, story) for t in base["terms"])
            shingles = fp.shingles(words)
            signature = fp.minhash(shingles)
            articles.append(
                (
                    pk,
                    f"https://bench.test/{pk}",
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
                    fp.signature_bytes(signature),
                    "",
                    "",
                    sources[i % len(sources)],
                    story,
                    duplicate_of,
                )
            )
            keys.append((pk, story, when, len(shingles), fp.FINGERPRINT_VERSION, base["keys"]))
            bands.extend((pk, key) for key in fp.band_keys(signature))
            if not copy:
                previous_words, previous_id, previous_story = words, pk, story
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO news_story (id, title, first_published_at, last_published_at, "
                "article_count, source_count, created_at, agency_credits) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                stories,
            )
            cursor.executemany(
                "INSERT INTO news_article (id, url, title, lede, body, author, published_at, "
                "fetched_at, language, image_url, image_state, body_hash, minhash, "
                "content_hash, held_reason, source_id, story_id, duplicate_of_id) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                articles,
            )
            cursor.executemany(
                "INSERT INTO news_storykey (article_id, story_id, at, shingle_count, version, keys) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                keys,
            )
            cursor.executemany(
                "INSERT INTO news_storyterm (term, at, article_id, story_id) VALUES (%s, %s, %s, %s)",
                terms,
            )
            cursor.executemany("INSERT INTO news_lshband (article_id, key) VALUES (%s, %s)", bands)
        print(
            f"bench: dedupe synthesized {min(size, begin + chunk):,}/{size:,}",
            file=sys.stderr,
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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
            for table in ("news_lshband", "news_storyterm", "news_storykey"):
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


def measure(size: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from akhbar.stories.service import fold_and_cluster

    call_command("migrate", verbosity=0, skip_checks=True)
    rng = random.Random(20261129)
    pool = prepare_pool(load_pool())
    started = time.perf_counter()
    synthesize(size, pool, rng)
    built = time.perf_counter() - started
    fresh = new_articles(size, pool, rng)
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
        result = fold_and_cluster(article)
        if profile:
            profile.disable()
        wall += time.perf_counter() - w
        cpu += time.process_time() - c
        folded += result.is_duplicate
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
    tracemalloc.start()
    peak = 0
    for article in traced:
        tracemalloc.reset_peak()
        fold_and_cluster(article)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.reset_peak()
    anchor(sample[-1])
    anchor_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    total = index_bytes(connection)
    return {
        "size": size,
        "build_seconds": round(built, 1),
        "ms_wall": round(1000 * wall / count, 3),
        "ms_cpu": round(1000 * cpu / count, 3),
        "anchor_ms_wall": round(1000 * anchor_wall / ANCHOR_ARTICLES, 1),
        "anchor_ms_cpu": round(1000 * anchor_cpu / ANCHOR_ARTICLES, 1),
        "peak_kib": round(peak / 1024, 1),
        "anchor_peak_kib": round(anchor_peak / 1024, 1),
        "index_bytes_per_article": round(total / size),
        "duplicates_folded": folded,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(json.dumps(measure(int(sys.argv[1]))), flush=True)
