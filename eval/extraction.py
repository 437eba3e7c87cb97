"""Extraction quality: our extractor against plain trafilatura, in one run.

    .venv/bin/python -m eval.extraction [--set pages|wcxb|newsweb] [--limit N] [--fast]

Sets: (a) ../shared/data/pages (real Arabic and French pages: full gold text, with/without
snippets, or dates only), (b) ../shared/data/wcxb (793 article pages with gold main content),
(c) every template of the simulated news web (akhbar/newsweb, rendered in-process).

Body metric, as WCXB and Zyte's article-extraction-benchmark define it: a bag of tokens
(whitespace split after NFKC, lower-casing and trimming punctuation at both ends), precision
= |ours ∩ gold| / |ours|, recall = |ours ∩ gold| / |gold|, F1 per page, averaged over pages.
Pages with with/without snippets also count snippet hits (with found, without absent).
Dates count when they fall on the gold day; titles when their words equal the gold title's;
ledes when they match the gold lede (Dice ≥ 0.9 on words).

The baseline is `trafilatura.extract(html, url=url)` with default settings, its metadata title,
and htmldate's `find_date` for the date. Figures go to eval/results/extraction.json; the CI gate
(tests/eval/test_extraction_gate.py) holds them above eval/baseline_extraction.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import trafilatura
from htmldate import find_date

from akhbar.text.encoding import decode_html
from akhbar.text.extract import extract_article, similarity, words
from akhbar.text.quality import garbling
from eval import SHARED_DATA

ROOT = Path(__file__).resolve().parent.parent
DATA = SHARED_DATA
RESULTS = Path(__file__).resolve().parent / "results" / "extraction.json"
BASELINE = Path(__file__).resolve().parent / "baseline_extraction.json"
FAST_WCXB = 60  # pages of the fixed WCXB sample used by the CI gate


@dataclass
class GoldPage:
    """One page and what is known about it."""

    set: str
    id: str
    url: str
    raw: bytes
    lang: str = ""
    text: str | None = None
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)
    title: str = ""
    lede: str = ""
    day: date | None = None
    tz: str = "Africa/Algiers"
    content_type: str | None = None
    rules: dict | None = None
    lede_in_gold_body: bool = True  # fundus and WCXB gold bodies begin with the lede


# --- Loading the sets ---------------------------------------------------------------------


def gold_day(value: str | None) -> date | None:
    """The day of a gold date: "2020-08-24", "2017-03-02T07:34:00+01:00" or "26/05/2014"."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None


def fundus_lede(gold_file: Path, key: str) -> str:
    record = json.loads(gold_file.read_text(encoding="utf-8")).get(key, {})
    return " ".join(record.get("body", {}).get("summary", []))


def load_pages(limit: int | None = None) -> list[GoldPage]:
    folder = DATA / "pages"
    pages = []
    for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[:limit]:
        m = json.loads(line)
        page = GoldPage(
            "pages", m["id"], m["url"], (folder / m["html_file"]).read_bytes(), m["lang"]
        )
        if m.get("gold_text_file"):
            page.text = (folder / m["gold_text_file"]).read_text(encoding="utf-8")
        page.with_snippets, page.without_snippets = (
            m.get("gold_with", []),
            m.get("gold_without", []),
        )
        page.title, page.day = m.get("gold_title", ""), gold_day(m.get("gold_date"))
        if m.get("fundus_version_key"):
            page.lede = fundus_lede(folder / m["gold_file"], m["fundus_version_key"])
        pages.append(page)
    return pages


def wcxb_ids(limit: int | None = None, sample: int | None = None) -> list[str]:
    ids = sorted(p.name.split(".")[0] for p in (DATA / "wcxb" / "html").glob("*.html.gz"))
    if sample:
        step = max(1, len(ids) // sample)
        ids = ids[::step][:sample]  # a fixed, evenly spread sample
    return ids[:limit]


def load_wcxb(limit: int | None = None, sample: int | None = None) -> list[GoldPage]:
    pages = []
    for file_id in wcxb_ids(limit, sample):
        gold = json.loads((DATA / "wcxb" / "ground-truth" / f"{file_id}.json").read_text("utf-8"))
        truth = gold["ground_truth"]
        raw = gzip.decompress((DATA / "wcxb" / "html" / f"{file_id}.html.gz").read_bytes())
        page = GoldPage(
            "wcxb", file_id, gold.get("url", ""), raw, "en", text=truth.get("main_content")
        )
        page.with_snippets = truth.get("with") or []
        page.without_snippets = truth.get("without") or []
        page.title, page.day = truth.get("title") or "", gold_day(truth.get("publish_date"))
        pages.append(page)
    return pages


def load_newsweb(limit: int | None = None, per_outlet: int = 3) -> list[GoldPage]:
    """Live articles of every outlet of a 12-outlet newsweb (every template and encoding,
    in both languages), rendered in-process from its router, with its truth as gold."""
    try:
        from akhbar.newsweb.app import build_handler, read_records
        from akhbar.newsweb.testing import default_corpus
        from akhbar.newsweb.truth import truth
    except ImportError:
        return []
    handler = build_handler(
        read_records(default_corpus(), 600), outlets=12, seed=7, by_source=False
    )
    gold = truth(handler.site, handler.faults)
    pages, taken = [], {}
    for item in handler.site.items:
        entry = gold[item.url]
        if not entry["servable"] or taken.get(item.outlet.index, 0) >= per_outlet:
            continue
        response = handler.router.respond(item.outlet.index, item.path)
        if response.status != 200:
            continue
        taken[item.outlet.index] = taken.get(item.outlet.index, 0) + 1
        pages.append(newsweb_page(item, entry, response))
    return pages[:limit]


def newsweb_page(item, entry: dict, response) -> GoldPage:
    page = GoldPage(
        "newsweb",
        f"{entry['outlet']}:{entry['template']}:{entry['encoding']}",
        item.url,
        response.body,
    )
    page.lang, page.tz, page.content_type = entry["lang"], entry["timezone"], response.content_type
    page.text = "\n\n".join(entry["paragraphs"])
    page.title, page.lede = entry["title"], entry["lede"]
    page.day = datetime.fromisoformat(entry["published"]).date()
    return page


LOADERS = {"pages": load_pages, "wcxb": load_wcxb, "newsweb": load_newsweb}


# --- Metrics ------------------------------------------------------------------------------


def tokens(text: str) -> Counter:
    """The bag of tokens of a text: NFKC, lower case, punctuation trimmed at both ends."""
    bag = Counter()
    for token in unicodedata.normalize("NFKC", text or "").lower().split():
        token = "".join(_trim(token))
        if token:
            bag[token] += 1
    return bag


def _trim(token: str) -> str:
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end]


def prf(extracted: str, gold: str) -> tuple[float, float, float]:
    ours, truth = tokens(extracted), tokens(gold)
    common = sum((ours & truth).values())
    if not ours or not truth:
        return (1.0, 1.0, 1.0) if not ours and not truth else (0.0, 0.0, 0.0)
    precision, recall = common / sum(ours.values()), common / sum(truth.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def snippet_hits(
    text: str, with_snippets: list[str], without_snippets: list[str]
) -> tuple[int, int]:
    body = squash(text)
    found = sum(1 for s in with_snippets if squash(s) in body)
    absent = sum(1 for s in without_snippets if squash(s) not in body)
    return found, absent


def same_day(value: datetime | str | None, day: date | None, tz: str) -> bool:
    if day is None or value is None:
        return False
    if isinstance(value, str):
        return gold_day(value) == day
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(tz)).date() == day or value.date() == day


def same_title(value: str, gold: str) -> bool:
    return bool(gold) and words(value or "") == words(gold)


# --- Running both extractors --------------------------------------------------------------


def run_ours(page: GoldPage, html: str) -> dict:
    extracted = extract_article(html, page.url, rules=page.rules, tz=page.tz)
    # the lede counts as body when it is on the page and the gold body includes it
    on_page = extracted.lede and extracted.lede_origin != "meta"
    with_lede = on_page and page.lede_in_gold_body
    body = f"{extracted.lede}\n\n{extracted.text}" if with_lede else extracted.text
    return {
        "body": body,
        "title": extracted.title,
        "lede": extracted.lede,
        "date": extracted.published_at,
    }


def not_garbled(result: dict) -> bool:
    return garbling(f"{result['title']}\n{result['body']}") is None


def run_trafilatura(page: GoldPage, html: str) -> dict:
    body = trafilatura.extract(html, url=page.url or None) or ""
    metadata = trafilatura.extract_metadata(html, default_url=page.url or None)
    return {
        "body": body,
        "title": (metadata.title if metadata else "") or "",
        "lede": "",
        "date": find_date(html, url=page.url or None),
    }


def score(page: GoldPage, result: dict) -> dict:
    row = {"clean": not_garbled(result)}
    if page.text is not None:
        row["precision"], row["recall"], row["f1"] = prf(result["body"], page.text)
    if page.with_snippets or page.without_snippets:
        row["with_found"], row["without_absent"] = snippet_hits(
            result["body"], page.with_snippets, page.without_snippets
        )
        row["with_total"], row["without_total"] = (
            len(page.with_snippets),
            len(page.without_snippets),
        )
    if page.day is not None:
        row["date_ok"] = same_day(result["date"], page.day, page.tz)
    if page.title:
        row["title_ok"] = same_title(result["title"], page.title)
    if page.lede:
        row["lede_ok"] = similarity(result["lede"] or "", page.lede) >= 0.9
    return row


RUNNERS = {"ours": run_ours, "trafilatura": run_trafilatura}


def evaluate_page(page: GoldPage, systems: tuple[str, ...] = tuple(RUNNERS)) -> dict:
    html, codec = decode_html(page.raw, page.content_type)
    row = {"id": page.id, "set": page.set, "lang": page.lang, "codec": codec}
    for system in systems:
        row[system] = score(page, RUNNERS[system](page, html))
    return row


# --- Summaries ----------------------------------------------------------------------------


def mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def summarize(rows: list[dict], system: str) -> dict:
    scored = [r[system] for r in rows]

    def pick(key):
        return [float(s[key]) for s in scored if key in s]

    with_total = sum(s.get("with_total", 0) for s in scored)
    without_total = sum(s.get("without_total", 0) for s in scored)
    return {
        "pages": len(rows),
        "precision": mean(pick("precision")),
        "recall": mean(pick("recall")),
        "f1": mean(pick("f1")),
        "with_hit": round(sum(s.get("with_found", 0) for s in scored) / with_total, 4)
        if with_total
        else None,
        "without_hit": round(sum(s.get("without_absent", 0) for s in scored) / without_total, 4)
        if without_total
        else None,
        "date_acc": mean(pick("date_ok")),
        "title_acc": mean(pick("title_ok")),
        "lede_acc": mean(pick("lede_ok")),
        "clean": mean(pick("clean")),
    }


def groups(rows: list[dict]) -> dict[str, list[dict]]:
    """Each set, and its Arabic pages apart ("pages/ar")."""
    found: dict[str, list[dict]] = {}
    for row in rows:
        found.setdefault(row["set"], []).append(row)
        if row["lang"] == "ar":
            found.setdefault(f"{row['set']}/ar", []).append(row)
        if row["codec"] == "windows-1256":
            found.setdefault(f"{row['set']}/1256", []).append(row)
    return found


def summary(rows: list[dict]) -> dict[str, dict]:
    systems = [system for system in RUNNERS if rows and system in rows[0]]
    return {
        name: {system: summarize(members, system) for system in systems}
        for name, members in groups(rows).items()
    }


METRICS = (
    "precision",
    "recall",
    "f1",
    "with_hit",
    "without_hit",
    "date_acc",
    "title_acc",
    "lede_acc",
    "clean",
)


def print_table(figures: dict[str, dict], out=sys.stdout) -> None:
    header = f"{'set':<12} {'system':<12} {'pages':>5} " + " ".join(f"{m:>11}" for m in METRICS)
    print(header, file=out)
    print("-" * len(header), file=out)
    for name, systems in figures.items():
        for system, values in systems.items():
            cells = " ".join(
                f"{values[m]:>11.3f}" if values[m] is not None else f"{'—':>11}" for m in METRICS
            )
            print(f"{name:<12} {system:<12} {values['pages']:>5} {cells}", file=out)


def run(
    sets: list[str],
    limit: int | None = None,
    fast: bool = False,
    systems: tuple[str, ...] = tuple(RUNNERS),
) -> dict:
    """Evaluate the chosen sets; `fast` takes the gate's subset (all pages, 60 WCXB pages)."""
    pages = []
    for name in sets:
        if name == "wcxb" and fast:
            pages += load_wcxb(limit, sample=FAST_WCXB)
        else:
            pages += LOADERS[name](limit)
    started = time.monotonic()
    rows = [evaluate_page(page, systems) for page in pages]
    return {
        "figures": summary(rows),
        "seconds": round(time.monotonic() - started, 1),
        "fast": fast,
        "rows": rows,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


MARGIN = 0.02  # floors sit this far below the reached figures


def floors_from(figures: dict) -> dict:
    """Our reached figures minus MARGIN, per set and metric."""
    return {
        name: {
            metric: round(max(0.0, value - MARGIN), 3)
            for metric, value in systems["ours"].items()
            if metric != "pages" and value is not None
        }
        for name, systems in figures.items()
    }


def pin_floors(figures: dict, key: str) -> None:
    """Write the floors of one run ("gate": the fast subset, "full": every page)."""
    pinned = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    pinned[key] = floors_from(figures)
    BASELINE.write_text(json.dumps(pinned, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def below_floors(figures: dict, floors: dict) -> list[str]:
    """Every figure of ours below its floor, as "set metric: value < floor"."""
    failures = []
    for name, metrics in floors.items():
        reached = figures.get(name, {}).get("ours", {})
        for metric, floor in metrics.items():
            value = reached.get(metric)
            if value is None or value < floor:
                failures.append(f"{name} {metric}: {value} < {floor}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=sorted(LOADERS), action="append", help="default: all sets")
    parser.add_argument("--limit", type=int, help="at most N pages per set")
    parser.add_argument("--fast", action="store_true", help="the CI gate's subset")
    parser.add_argument("--rows", action="store_true", help="also print per-page scores")
    parser.add_argument(
        "--pin", action="store_true", help="write the reached figures, minus MARGIN, as floors"
    )
    args = parser.parse_args(argv)
    result = run(args.set or list(LOADERS), args.limit, args.fast)
    if args.pin:
        key = "gate" if args.fast else "full"
        pin_floors(result["figures"], key)
    if args.rows:
        for row in result["rows"]:
            print(json.dumps(row, ensure_ascii=False, default=str))
    print_table(result["figures"])
    print(f"\n{result['seconds']} s", file=sys.stderr)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
