"""Done-when of issue 6, on a sample: SPA wire items of several Saudi outlets fold into one
entry each, with the first publisher as its original. The whole SaudiNewsNet import is timed
by ``python -m eval.dedupe`` (about 7 minutes); this imports ten groups.
"""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from akhbar.news.models import Article
from akhbar.stories.importing import import_records
from akhbar.stories.rules import DupKeys, is_duplicate

SNN = Path(__file__).resolve().parents[3] / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
GROUPS = 10

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SNN.exists(), reason="no shared data"),
]


def spa_groups() -> list[list[dict]]:
    """The first GROUPS gold groups holding an SPA ("was") item, each cut to the SPA item and
    the members the 80 % rule calls its copies (at least two outlets)."""
    groups = defaultdict(list)
    with open(SNN, encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            groups[row["dup_group"]].append(row)
    picked = []
    for key in sorted(groups):
        members = groups[key]
        spa = next((row for row in members if row["source"] == "was"), None)
        if spa is None:
            continue
        wire = DupKeys.of(spa["body"])
        copies = [
            row for row in members if row is spa or is_duplicate(wire, DupKeys.of(row["body"]))
        ]
        if len({row["source"] for row in copies}) >= 3:
            picked.append(copies)
        if len(picked) == GROUPS:
            break
    return picked


def test_it_folds_spa_wire_items_into_one_entry_with_the_first_publisher():
    groups = spa_groups()
    rows = sorted(
        (row for group in groups for row in group), key=lambda row: row["date"], reverse=True
    )
    import_records(rows)  # newest first: the worst order for finding the first publisher
    by_url = {a.url: a for a in Article.objects.all()}
    for group in groups:
        originals = {by_url[row["url"]].duplicate_of_id or by_url[row["url"]].pk for row in group}
        earliest = min(row["date"] for row in group)
        # it should fold the whole group into one entry
        assert len(originals) == 1
        # it should make the earliest publication the original
        original = Article.objects.get(pk=originals.pop())
        assert any(row["url"] == original.url and row["date"] == earliest for row in group)
