"""CI gate: deduplication and story quality must not fall below the pinned floors.

The floors live in eval/baseline_dedupe.json (raise them when the figures improve). A sample
of the labelled ANT pairs and the demo corpus keep this under a minute; the full evaluation is
``python -m eval.dedupe``.
"""

import json
from pathlib import Path

import pytest

from eval import dedupe

BASELINE = json.loads((Path(dedupe.ROOT) / "eval" / "baseline_dedupe.json").read_text())
GATE = BASELINE["gate"]
ANT_PAIRS = dedupe.PAIR_SETS["ant"] / "neardup_pairs.jsonl"

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not ANT_PAIRS.exists(), reason="no shared data")
def test_it_keeps_duplicate_precision_and_recall_on_ant_pairs():
    result = dedupe.evaluate_pairs("ant", limit=GATE["ant_pairs"])
    floors = GATE["ant_own_rule"]
    # it should fold the pairs the 80 % rule calls copies, and only those
    assert result["own_rule"]["precision"] >= floors["precision"]
    assert result["own_rule"]["recall"] >= floors["recall"]


@pytest.mark.skipif(not dedupe.DEMO.exists(), reason="no demo corpus")
def test_it_keeps_story_quality_on_the_demo_corpus():
    result = dedupe.evaluate_stories("demo", dedupe.read_jsonl(dedupe.DEMO))
    floors = GATE["demo"]
    # it should group the demo stories and not merge unrelated events
    assert result["stories"]["f1"] >= floors["story_f1"]
    assert result["story_merge_precision"] >= floors["story_merge_precision"]
    assert result["wire_merge_precision"] >= floors["wire_merge_precision"]
