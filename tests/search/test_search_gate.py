"""CI gate: known-item search quality must not drop below the pinned floors.

A fixed sample of the evaluation (eval/search.py): 2,000 ANT articles plus the French
articles, 150 queries per set, on the test database (SQLite, or PostgreSQL when
DATABASE_URL points there). Floors live in eval/baseline_search.json, per database vendor;
raise them when search gets better, never lower them to let a change through.
"""

import json
import random
from pathlib import Path

import pytest
from django.db import connection

from eval import search as evaluation

BASELINE = Path(__file__).resolve().parents[2] / "eval" / "baseline_search.json"
GATE_ARTICLES = 2000
GATE_QUERIES = 150
# Both backends rank with FTS5's bm25 (tests/search/test_backend_parity.py): the same sample.
GATE_QUERIES_BY_VENDOR = {"sqlite": 150, "postgresql": 150}
GATE_SEED = 7

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not evaluation.ANT.exists(), reason="needs ../shared/data/ant"),
]


def gate_figures() -> dict:
    """{set: {"mrr", "recall", "n"}} of the product's search on the gate sample."""
    rng = random.Random(GATE_SEED)
    arabic = rng.sample(evaluation.arabic_docs(), GATE_ARTICLES)
    french = evaluation.french_docs()
    evaluation.store_articles(arabic + french)
    from akhbar.search.index import reindex

    reindex()
    sets = evaluation.query_sets(arabic, french, GATE_QUERIES, seed=GATE_SEED)
    count = GATE_QUERIES_BY_VENDOR.get(connection.vendor, GATE_QUERIES)
    sets = {name: pairs[:count] for name, pairs in sets.items()}
    table = evaluation.evaluate(evaluation.OursDjango("default"), sets, modes=("relaxed",))
    return {name: scores["relaxed"] for name, scores in table.items()}


def test_search_quality_holds_its_floors():
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["gate"]["floors"][connection.vendor]
    figures = gate_figures()
    print(json.dumps(figures))
    drops = [
        f"{name} {measure}: {figures[name][measure]:.4f} < floor {floor:.4f}"
        for name, floor_of in floors.items()
        for measure, floor in floor_of.items()
        if figures[name][measure] < floor
    ]
    # it should keep every set's MRR@10 and recall@10 at or above its floor
    assert not drops, "; ".join(drops)
