"""The ANT corpus prepared for the category classifier: loaded, deduplicated, split.

Used by `scripts/train_categories.py`, `eval/categories.py` and the CI gate test, so the three
always see the same held-out articles. The corpus text is read from ../shared/data and never
copied into the repository (ANT: Apache-2.0 + citation, Chouigui et al., AICCSA 2017 and
AJSE 2021).

Order matters:
1. map ANT's categories to our taxonomy (misc is dropped: "diverse" is no section of ours);
2. deduplicate identical bodies, dropping every copy when the copies disagree on the category;
3. group what is left (dup_group, URL, listed near-duplicate pairs) so that near-copies land on
   the same side of the split;
4. split the groups, stratified by category, with a fixed seed.
"""

import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex

from eval import SHARED_DATA

DEFAULT_DATA = SHARED_DATA / "ant" / "articles.jsonl"
DEFAULT_SEED = 20170101
HELD_OUT_FRACTION = 0.2

# ANT's normalised categories → our taxonomy; None drops the article.
ANT_TO_TAXONOMY = {
    "politics": "politics",
    "national": "national",
    "international": "international",
    "economy": "economy",
    "sports": "sports",
    "culture": "culture",
    "society": "society",
    "technology": "technology",
    "misc": None,
}

_SPACE = regex.compile(r"\s+")


@dataclass(frozen=True)
class Article:
    """One ANT article as the classifier sees it."""

    id: str
    title: str
    body: str
    category: str
    group: str


@dataclass(frozen=True)
class Split:
    """Train and held-out articles, with no group on both sides."""

    train: list[Article]
    held_out: list[Article]


def read_rows(path: Path = DEFAULT_DATA) -> list[dict]:
    """The raw JSONL records of the corpus."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def body_key(body: str) -> str:
    """A hash of the body with whitespace collapsed: identical bodies share it."""
    collapsed = _SPACE.sub(" ", body).strip()
    return hashlib.sha1(collapsed.encode("utf-8")).hexdigest()


def mapped(rows: list[dict]) -> list[dict]:
    """Rows whose category maps to our taxonomy, with `category` rewritten to our slug."""
    kept = []
    for row in rows:
        slug = ANT_TO_TAXONOMY.get(row["category"])
        if slug:
            kept.append({**row, "category": slug})
    return kept


def deduplicated(rows: list[dict]) -> list[dict]:
    """One row per identical body; bodies whose copies disagree on the category are dropped."""
    copies = defaultdict(list)
    for row in rows:
        copies[body_key(row["body"])].append(row)
    kept = []
    for same in copies.values():
        if len({row["category"] for row in same}) == 1:
            kept.append(min(same, key=lambda row: row["id"]))
    return sorted(kept, key=lambda row: row["id"])


class _UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: str, second: str) -> None:
        roots = sorted((self.find(first), self.find(second)))
        self.parent[roots[1]] = roots[0]


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """The listed near-duplicate pairs (id1, id2), or none when the file is missing."""
    if not path.exists():
        return []
    return [(pair["id1"], pair["id2"]) for pair in read_rows(path)]


def grouped(rows: list[dict], pairs: list[tuple[str, str]]) -> list[Article]:
    """Articles with a group id joining rows that share a dup_group or URL or form a pair."""
    links = _UnionFind()
    for row in rows:
        links.union(row["id"], "dup:" + row["dup_group"])
        links.union(row["id"], "url:" + row["url"].strip().rstrip("/"))
    for first, second in pairs:
        links.union(first, second)
    return [
        Article(row["id"], row["title"], row["body"], row["category"], links.find(row["id"]))
        for row in rows
    ]


def split(articles: list[Article], seed: int = DEFAULT_SEED) -> Split:
    """Stratified split by group: per category, a fixed-seed shuffle of its groups."""
    groups = defaultdict(list)
    for article in articles:
        groups[article.group].append(article)
    by_category = defaultdict(list)
    for group_id in sorted(groups):
        by_category[groups[group_id][0].category].append(group_id)
    rng = random.Random(seed)
    held_out_groups = set()
    for category in sorted(by_category):
        group_ids = by_category[category]
        rng.shuffle(group_ids)
        held_out_groups.update(group_ids[: round(len(group_ids) * HELD_OUT_FRACTION)])
    train = [a for a in articles if a.group not in held_out_groups]
    held_out = [a for a in articles if a.group in held_out_groups]
    return Split(train, held_out)


def load_split(path: Path = DEFAULT_DATA, seed: int = DEFAULT_SEED) -> Split:
    """The ANT corpus mapped, deduplicated, grouped and split: the one entry point."""
    rows = deduplicated(mapped(read_rows(path)))
    pairs = read_pairs(path.with_name("neardup_pairs.jsonl"))
    return split(grouped(rows, pairs), seed)
