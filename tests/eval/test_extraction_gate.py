"""The extraction gate: our figures on the fast subset never fall below their pinned floors.

The floors are in eval/baseline_extraction.json ("gate"), written by
`python -m eval.extraction --fast --pin` from the reached figures minus a small margin.
The subset: the 14 real pages, a fixed sample of 60 WCXB pages, and the newsweb templates.
"""

import json

import pytest

from eval import extraction


@pytest.fixture(scope="module")
def figures():
    manifest = extraction.DATA / "pages" / "manifest.jsonl"
    assert manifest.exists(), f"the gate needs the real pages: {manifest} is missing"
    return extraction.run(list(extraction.LOADERS), fast=True, systems=("ours",))["figures"]


def test_it_holds_every_figure_above_its_floor(figures):
    floors = json.loads(extraction.BASELINE.read_text(encoding="utf-8"))["gate"]
    # it should reach every pinned floor (body F1, snippets, dates, titles, ledes, no garbling)
    assert extraction.below_floors(figures, floors) == []


def test_it_reads_arabic_pages_almost_perfectly(figures):
    # it should keep the goal: F1 >= 0.95 on the real Arabic pages
    assert figures["pages/ar"]["ours"]["f1"] >= 0.95


def test_it_garbles_no_windows_1256_page(figures):
    # it should decode and extract every windows-1256 page cleanly
    assert figures.get("newsweb/1256", {}).get("ours", {}).get("clean", 1.0) == 1.0
