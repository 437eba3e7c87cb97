"""Known-item search evaluation: MRR@10 and recall@10 of every system on every query set.

``.venv/bin/python -m eval.search [--limit N] [--no-postgres]``

The archive is the ANT corpus (identical bodies deduplicated), plus the French articles we
have: the French gold pages of ../shared/data/pages and the French articles of the project's
own demo corpus. The text is read from ../shared/data at run time and never copied here.

Query sets, each query aiming at one article (its "known item"):
  a  the title as published;
  b  the title as readers type it: no hamza on alef, ة typed as ه, ى as ي, no tashkeel,
     first six words;
  c  bare forms: the title's four longest words without the clitics ال وال بال لل و and the
     suffixes ة ات ين ون;
  d  French titles (d-title) and French bare forms (d-bare: four longest words, lower case,
     no accents, no elision, no plural s).

Systems, all in one run, each with the same query semantics where it has them:
  ours/sqlite, ours/postgres  the product: ``akhbar.search.service.search`` (all words
                              required, then partial matches fill a short page);
  fts5-default                FTS5's default tokenizer on the raw text, bm25(4, 1);
  pg-arabic                   PostgreSQL's built-in 'arabic' configuration on the raw text,
                              weighted tsvector (title A, body B), ts_rank;
  stemmer variants            our analyzer with light10, Snowball or the Akhbar stemmer, on
                              FTS5 with bm25(4, 1) and no recency prior (sets b and c).
Each system is scored with every word required (AND), with any word (OR) and relaxed (AND,
then OR results filling the page), so that no system is judged by semantics it lacks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import regex

from eval.ant import body_key, read_rows

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ANT = SHARED / "ant" / "articles.jsonl"
PAGES = SHARED / "pages"
DEMO = Path(__file__).resolve().parents[1] / "akhbar" / "demo" / "corpus.jsonl"
RESULTS = Path(__file__).resolve().parent / "results" / "search.json"
PG_URL = "postgres://postgres@127.0.0.1:5432/test"
SCRATCH_DB = "akhbar_eval_search"
K = 10
SEED = 20261129
MODES = ("and", "or", "relaxed")

_TASHKEEL = regex.compile(r"[\u064B-\u065F\u0670\u0640]")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*")
_CLITICS = ("وال", "بال", "لل", "ال", "و")
_SUFFIXES = ("ات", "ين", "ون", "ة")
_ELISION = regex.compile(r"^(?:l|d|qu|j|n|s|c|t|m)['’]", regex.IGNORECASE)


@dataclass(frozen=True)
class Doc:
    key: str  # the article's URL: the known item's identity
    title: str
    body: str
    lang: str
    source: str
    category: str
    published: datetime | None


# --- The archive ------------------------------------------------------------------------------


def _date(value: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _doc(row: dict) -> Doc:
    return Doc(
        key=row["url"],
        title=row["title"].strip(),
        body=row["body"],
        lang=row.get("lang") or "ar",
        source=row.get("source_domain") or row.get("source") or "unknown",
        category=row.get("category") or "",
        published=_date(row.get("date_iso")),
    )


def arabic_docs(path: Path = ANT) -> list[Doc]:
    """ANT with identical bodies (and reused URLs) kept once, the first by id."""
    seen_bodies, seen_urls, docs = set(), set(), []
    for row in sorted(read_rows(path), key=lambda r: r["id"]):
        key = body_key(row["body"])
        if key in seen_bodies or row["url"] in seen_urls or not row["title"].strip():
            continue
        seen_bodies.add(key)
        seen_urls.add(row["url"])
        docs.append(_doc(row))
    return docs


def french_docs() -> list[Doc]:
    """The French gold pages (title + gold text) and the demo corpus's French articles."""
    docs = []
    for line in (PAGES / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        text_file = page.get("gold_text_file")
        if page["lang"] == "fr" and text_file and page.get("gold_title"):
            body = (PAGES / text_file).read_text(encoding="utf-8")
            row = {"url": page["url"], "title": page["gold_title"], "body": body, "lang": "fr"}
            docs.append(_doc({**row, "source_domain": page["id"].split("_")[1].lower()}))
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["lang"] == "fr":
            docs.append(_doc(row))
    return docs


# --- Query sets -------------------------------------------------------------------------------


def typed_query(title: str) -> str:
    """b: the title as readers type it: bare alef, ه for ة, ي for ى, no tashkeel, six words."""
    text = _TASHKEEL.sub("", title)
    text = text.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"}))
    return " ".join(_WORD.findall(text)[:6])


def bare_word(word: str) -> str:
    """A word without one leading clitic and one trailing suffix, keeping at least 3 letters."""
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            word = word[len(clitic) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def longest_words(title: str, count: int = 4) -> list[str]:
    """The ``count`` longest words of a title, in title order (ties: the earlier word)."""
    found = _WORD.findall(_TASHKEEL.sub("", title))
    ranked = sorted(range(len(found)), key=lambda i: (-len(found[i]), i))[:count]
    return [found[i] for i in sorted(ranked)]


def bare_query(title: str) -> str:
    """c: the four longest words of the title in bare form."""
    return " ".join(bare_word(w) for w in longest_words(title))


def french_bare_query(title: str) -> str:
    """d-bare: four longest words, lower case, no accents, no elision, no plural s."""
    from akhbar.text.normalize import strip_accents

    words = [strip_accents(_ELISION.sub("", w.lower())) for w in longest_words(title)]
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words)


def query_sets(arabic: list[Doc], french: list[Doc], per_set: int, seed: int = SEED) -> dict:
    """{set name: [(query, known item key)]}: a fixed-seed sample of per_set items each."""
    rng = random.Random(seed)
    sample = arabic if per_set <= 0 or per_set >= len(arabic) else rng.sample(arabic, per_set)
    sets = {
        "a": [(d.title, d.key) for d in sample],
        "b": [(typed_query(d.title), d.key) for d in sample],
        "c": [(bare_query(d.title), d.key) for d in sample],
        "d-title": [(d.title, d.key) for d in french],
        "d-bare": [(french_bare_query(d.title), d.key) for d in french],
    }
    return {name: [(q, k) for q, k in pairs if q.strip()] for name, pairs in sets.items()}


# --- Scoring ----------------------------------------------------------------------------------


def score(ranked: list[list[str]], targets: list[str], k: int = K) -> dict:
    """MRR@k and recall@k of ranked keys against one known item per query."""
    reciprocal, found = 0.0, 0
    for keys, target in zip(ranked, targets, strict=True):
        top = keys[:k]
        if target in top:
            found += 1
            reciprocal += 1.0 / (top.index(target) + 1)
    n = max(1, len(targets))
    return {"mrr": round(reciprocal / n, 4), "recall": round(found / n, 4), "n": len(targets)}


def merge(strict: list[str], loose: list[str], k: int = K) -> list[str]:
    """Relaxed semantics: the strict results, then loose ones not already listed."""
    merged = list(strict)
    merged += [key for key in loose if key not in set(strict)]
    return merged[:k]


def raw_words(query: str) -> list[str]:
    return _WORD.findall(query)


# --- Systems ----------------------------------------------------------------------------------


class OursDjango:
    """The product's search service on one Django database alias."""

    def __init__(self, using: str):
        self.using = using

    def load(self, docs: list[Doc]) -> float:
        """Store the docs as articles and index them; returns articles per second."""
        from akhbar.search.index import reindex

        store_articles(docs, self.using)
        from akhbar.news.models import Article

        started = time.perf_counter()
        count = reindex(Article.objects.using(self.using), using=self.using)
        return count / (time.perf_counter() - started)

    def run(self, queries: list[str], mode: str) -> list[list[str]]:
        from akhbar.search.service import search

        ranked = []
        for query in queries:
            text = " OR ".join(raw_words(query)) if mode == "or" else query
            page = search(
                text,
                limit=K,
                facets=False,
                snippets=False,
                relax=mode == "relaxed",
                using=self.using,
            )
            ranked.append([result.article.url for result in page.results])
        return ranked


class Fts5Default:
    """FTS5 with its default tokenizer (unicode61) on the raw title and body."""

    def __init__(self):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, body)")

    def load(self, docs: list[Doc]) -> float:
        started = time.perf_counter()
        self.db.executemany(
            "INSERT INTO docs(key, title, body) VALUES (?, ?, ?)",
            [(d.key, d.title, d.body) for d in docs],
        )
        return len(docs) / (time.perf_counter() - started)

    def _top(self, words: list[str], joiner: str) -> list[str]:
        if not words:
            return []
        match = joiner.join('"' + w.replace('"', '""') + '"' for w in words)
        sql = "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 4.0, 1.0) LIMIT ?"
        return [row[0] for row in self.db.execute(sql, (match, K))]

    def run(self, queries: list[str], mode: str) -> list[list[str]]:
        ranked = []
        for query in queries:
            words = raw_words(query)
            strict = self._top(words, " AND ") if mode != "or" else []
            loose = self._top(words, " OR ") if mode != "and" else []
            ranked.append(merge(strict, loose))
        return ranked


class PgArabic:
    """PostgreSQL's 'arabic' text search configuration on the raw text, GIN, ts_rank."""

    def __init__(self, dsn: str):
        import psycopg

        self.db = psycopg.connect(dsn, autocommit=True)

    def load(self, docs: list[Doc]) -> float:
        self.db.execute("DROP TABLE IF EXISTS raw_docs")
        self.db.execute("CREATE TABLE raw_docs (key text, title text, body text, v tsvector)")
        started = time.perf_counter()
        with self.db.cursor().copy("COPY raw_docs (key, title, body) FROM STDIN") as copy:
            for d in docs:
                copy.write_row((d.key, d.title, d.body))
        self.db.execute(
            "UPDATE raw_docs SET v = setweight(to_tsvector('arabic', title), 'A') "
            "|| setweight(to_tsvector('arabic', body), 'B')"
        )
        self.db.execute("CREATE INDEX raw_docs_v ON raw_docs USING gin (v)")
        return len(docs) / (time.perf_counter() - started)

    def _top(self, words: list[str], joiner: str) -> list[str]:
        if not words:
            return []
        sql = (
            "SELECT key FROM raw_docs, websearch_to_tsquery('arabic', %s) q "
            "WHERE v @@ q ORDER BY ts_rank(v, q) DESC LIMIT %s"
        )
        rows = self.db.execute(sql, (joiner.join(words), K)).fetchall()
        return [row[0] for row in rows]

    def run(self, queries: list[str], mode: str) -> list[list[str]]:
        ranked = []
        for query in queries:
            words = raw_words(query)
            strict = self._top(words, " ") if mode != "or" else []
            loose = self._top(words, " or ") if mode != "and" else []
            ranked.append(merge(strict, loose))
        return ranked


class StemmerVariant:
    """Our analyzer with another Arabic stemmer, on FTS5 with bm25(4, 1) and no recency."""

    def __init__(self, name: str):
        from akhbar.text.analyzer import Analyzer
        from akhbar.text.stem_ar import get_stemmer

        self.analyzer = Analyzer(get_stemmer(name))
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, body, "
            "tokenize='unicode61 remove_diacritics 0')"
        )

    def load(self, docs: list[Doc]) -> float:
        started = time.perf_counter()
        analyze = self.analyzer.analyze
        rows = [(d.key, " ".join(analyze(d.title)), " ".join(analyze(d.body))) for d in docs]
        self.db.executemany("INSERT INTO docs(key, title, body) VALUES (?, ?, ?)", rows)
        return len(docs) / (time.perf_counter() - started)

    def _top(self, query: str) -> list[str]:
        from akhbar.search.backends.sqlite import fts5_match
        from akhbar.search.query import parse_query

        parsed = parse_query(query, analyzer=self.analyzer.analyze)
        if parsed.is_empty:
            return []
        sql = "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 4.0, 1.0) LIMIT ?"
        return [row[0] for row in self.db.execute(sql, (fts5_match(parsed), K))]

    def run(self, queries: list[str], mode: str) -> list[list[str]]:
        ranked = []
        for query in queries:
            words = raw_words(query)
            strict = self._top(" ".join(words)) if mode != "or" else []
            loose = self._top(" OR ".join(words)) if mode != "and" else []
            ranked.append(merge(strict, loose))
        return ranked


# --- Learned aliases -------------------------------------------------------------------------

JUDGMENTS = Path(__file__).resolve().parent / "search_alias_judgments.tsv"


def alias_documents() -> list[tuple[str, str]]:
    """Where both spellings occur: Latin names with the Arabic words around them in ANT and
    SaudiNewsNet articles, and the French + Arabic articles of each demo story."""
    from types import SimpleNamespace

    from akhbar.search.aliases import nearby_documents, story_documents

    documents = []
    for path in (ANT, SHARED / "saudinewsnet" / "articles.jsonl"):
        for row in read_rows(path):
            documents += nearby_documents(f"{row['title']}\n{row['body']}")
    demo = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    stories = [
        SimpleNamespace(story_id=r["story_group"], title=r["title"], body=r["body"])
        for r in demo
        if r.get("story_group")
    ]
    return documents + story_documents(stories)


def alias_precision() -> dict:
    """Learn pairs and score them against the hand judgments (unjudged pairs are counted)."""
    from akhbar.search.aliases import learn_aliases

    judged = {}
    for line in JUDGMENTS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            latin, arabic, verdict, *_ = line.split("\t")
            judged[(latin, arabic)] = verdict == "1"
    learned = [(a.latin, a.arabic) for a in learn_aliases(alias_documents())]
    verdicts = [judged[pair] for pair in learned if pair in judged]
    return {
        "learned": len(learned),
        "judged": len(verdicts),
        "correct": sum(verdicts),
        "precision": round(sum(verdicts) / max(1, len(verdicts)), 3),
    }


# --- Django: a scratch SQLite file and a scratch PostgreSQL database -------------------------


def setup_django(pg_dsn: str | None) -> None:
    """Configure Django on a throwaway SQLite file (and a scratch PostgreSQL database)."""
    os.environ.setdefault("AKHBAR_SECRET_KEY", "eval-only-secret-key")
    os.environ["AKHBAR_DATA_DIR"] = tempfile.mkdtemp(prefix="akhbar-eval-search-")
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


def scratch_postgres(base_url: str = PG_URL, name: str = SCRATCH_DB) -> str:
    """Create (afresh) the scratch database; returns its URL."""
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    return base_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres(base_url: str = PG_URL, name: str = SCRATCH_DB) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(base_url, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def store_articles(docs: list[Doc], using: str = "default") -> None:
    """Create one Source per outlet and one Article per doc (categories by slug when known).

    Stored oldest first, as the crawler stores them: ids grow with the fetch time, which
    the search backends rely on."""
    from akhbar.news.models import Article, Category, Source

    fallback = datetime(2017, 1, 1, tzinfo=UTC)
    docs = sorted(docs, key=lambda d: d.published or fallback)
    categories = {c.slug: c for c in Category.objects.using(using).all()}
    sources = {}
    for name in sorted({d.source for d in docs}):
        slug = regex.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "unknown"
        sources[name], _ = Source.objects.using(using).get_or_create(
            slug=slug, defaults={"name_ar": name, "name_fr": name, "homepage": f"https://{slug}/"}
        )
    Article.objects.using(using).bulk_create(
        [
            Article(
                source=sources[d.source],
                url=d.key,
                title=d.title[:500],
                body=d.body,
                language=d.lang,
                published_at=d.published,
                fetched_at=d.published or fallback,
                category=categories.get(d.category),
            )
            for d in docs
        ],
        batch_size=1000,
    )


# --- Parity of the two backends ------------------------------------------------------------

TIE = 1e-6  # scores this close (relatively) are a tie: the backends may order them either way


def ranked_pages(queries: list[str], using: str) -> list[list[tuple[str, float, bool]]]:
    """(url, score, partial) of the product's results for each query on one alias."""
    from akhbar.search.service import search

    pages = []
    for query in queries:
        page = search(query, limit=K, facets=False, snippets=False, using=using)
        pages.append([(r.article.url, r.score, r.partial) for r in page.results])
    return pages


def tied(a: float, b: float) -> bool:
    return abs(a - b) <= TIE * max(abs(a), abs(b), 1e-300)


def parity_differences(left: list[tuple], right: list[tuple]) -> list[str]:
    """What differs between two result lists beyond ties: the same scores (and partial
    flags) rank by rank, and the same articles within every tie group the list holds whole
    (the last group may be cut by the page limit)."""
    if len(left) != len(right):
        return [f"{len(left)} results against {len(right)}"]
    found = []
    for rank, ((_, s1, p1), (_, s2, p2)) in enumerate(zip(left, right, strict=True)):
        if not tied(s1, s2) or p1 != p2:
            found.append(f"rank {rank + 1}: score {s1:.9g}/{p1} against {s2:.9g}/{p2}")
    start = 0
    for end in range(1, len(left) + 1):
        if end < len(left) and tied(left[end][1], left[start][1]):
            continue
        whole = end < len(left) or len(left) < K
        urls = ({u for u, _, _ in left[start:end]}, {u for u, _, _ in right[start:end]})
        if whole and urls[0] != urls[1]:
            found.append(f"ranks {start + 1}-{end}: {sorted(urls[0] ^ urls[1])}")
        start = end
    return found


def parity(articles: int, per_set: int, seed: int = 7) -> dict:
    """The product's results on SQLite and on PostgreSQL for the same queries over the same
    ANT sample: {"queries": n, "differences": {query: [...]}}."""
    rng = random.Random(seed)
    arabic = rng.sample(arabic_docs(), articles)
    french = french_docs()
    sets = query_sets(arabic, french, per_set, seed=seed)
    pg_dsn = scratch_postgres(name=SCRATCH_DB + "_parity")
    try:
        setup_django(pg_dsn)
        for alias in ("default", "pg"):
            OursDjango(alias).load(arabic + french)
        queries = [q for pairs in sets.values() for q, _ in pairs]
        # each query on both backends in turn: scores include the articles' age at the
        # moment of the search, so one whole pass before the other drifted them apart
        sqlite, postgres = [], []
        for query in queries:
            sqlite += ranked_pages([query], "default")
            postgres += ranked_pages([query], "pg")
    finally:
        drop_postgres(name=SCRATCH_DB + "_parity")
        shutil.rmtree(os.environ.get("AKHBAR_DATA_DIR", ""), ignore_errors=True)
    differences = {}
    for query, left, right in zip(queries, sqlite, postgres, strict=True):
        found = parity_differences(left, right)
        if found:
            differences[query] = found
    return {"queries": len(queries), "results": sum(map(len, sqlite)), "differences": differences}


# --- The run ----------------------------------------------------------------------------------


def evaluate(system, sets: dict, modes=MODES, only: tuple[str, ...] = ()) -> dict:
    """{set: {mode: scores}} of one loaded system."""
    table = {}
    for name, pairs in sets.items():
        if only and name not in only:
            continue
        queries, targets = [q for q, _ in pairs], [k for _, k in pairs]
        table[name] = {mode: score(system.run(queries, mode), targets) for mode in modes}
    return table


def run(
    per_set: int = 2000,
    postgres: bool = True,
    log=print,
    only: tuple[str, ...] = (),
    scratch: str = SCRATCH_DB,
) -> dict:
    """Build every system over the same archive and score it; returns the results."""
    arabic, french = arabic_docs(), french_docs()
    docs = arabic + french
    sets = query_sets(arabic, french, per_set)
    log(
        f"eval: {len(arabic)} Arabic + {len(french)} French articles; queries per set: "
        + ", ".join(f"{n}={len(p)}" for n, p in sets.items())
    )
    pg_dsn = scratch_postgres(name=scratch) if postgres else None
    setup_django(pg_dsn)
    systems = {"ours/sqlite": OursDjango("default"), "fts5-default": Fts5Default()}
    if postgres:
        systems["ours/postgres"] = OursDjango("pg")
        systems["pg-arabic"] = PgArabic(pg_dsn)
    if only:
        systems = {name: system for name, system in systems.items() if name in only}
    results = {"articles": len(docs), "queries": {n: len(p) for n, p in sets.items()}}
    results["systems"], results["index_rate"] = {}, {}
    try:
        for name, system in systems.items():
            started = time.perf_counter()
            results["index_rate"][name] = round(system.load(docs))
            # The product's own semantics on PostgreSQL: strict and relaxed (OR costs most).
            modes = ("and", "relaxed") if name == "ours/postgres" else MODES
            results["systems"][name] = evaluate(system, sets, modes)
            log(f"eval: {name} done in {time.perf_counter() - started:.0f}s")
            log(json.dumps(results["systems"][name]))
        results["aliases"] = alias_precision()
        log(f"eval: learned aliases {results['aliases']}")
        results["stemmers"] = {}
        for name in ("light10", "snowball", "akhbar"):
            if only and "stemmers" not in only:
                break
            variant = StemmerVariant(name)
            variant.load(docs)
            results["stemmers"][name] = evaluate(variant, sets, ("and", "relaxed"), ("b", "c"))
            log(f"eval: stemmer {name} done")
    finally:
        if postgres:
            drop_postgres(name=scratch)
        shutil.rmtree(os.environ["AKHBAR_DATA_DIR"], ignore_errors=True)
    return results


def print_table(results: dict, out=sys.stdout) -> None:
    sets = list(results["queries"])
    print(f"{'system':<14} {'mode':<8} " + " ".join(f"{s:>15}" for s in sets), file=out)
    print(f"{'':<14} {'':<8} " + " ".join(f"{'MRR  R@10':>15}" for _ in sets), file=out)
    for section in ("systems", "stemmers"):
        for name, table in results[section].items():
            label = name if section == "systems" else f"stem:{name}"
            for mode in MODES:
                cells = [
                    f"{table[s][mode]['mrr']:.3f}  {table[s][mode]['recall']:.3f}"
                    if s in table and mode in table[s]
                    else "-"
                    for s in sets
                ]
                if any(c != "-" for c in cells):
                    print(f"{label:<14} {mode:<8} " + " ".join(f"{c:>15}" for c in cells), file=out)
    if "aliases" in results:
        print(f"learned aliases: {results['aliases']}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=2000, help="Queries per set (0: all).")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite systems only.")
    parser.add_argument("--json", type=Path, default=RESULTS, help="Where to write results.")
    parser.add_argument(
        "--only",
        default="",
        help="Comma-separated systems (and 'stemmers') to run; all by default.",
    )
    parser.add_argument("--scratch", default=SCRATCH_DB, help="Scratch PostgreSQL database name.")
    parser.add_argument(
        "--parity",
        type=int,
        default=0,
        metavar="ARTICLES",
        help="Compare SQLite and PostgreSQL results on this many ANT articles (--limit queries "
        "per set) and print the differences beyond ties as JSON.",
    )
    args = parser.parse_args(argv)
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    if args.parity:
        found = parity(args.parity, args.limit)
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0
    only = tuple(name for name in args.only.split(",") if name)
    results = run(args.limit, not args.no_postgres, log, only, args.scratch)
    print_table(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
