"""Words that must never share an index term (eval/search_must_not_match.txt, written by hand)."""

from pathlib import Path

import pytest

from akhbar.text.analyzer import analyze

PAIRS_FILE = Path(__file__).resolve().parents[2] / "eval" / "search_must_not_match.txt"


def must_not_match_pairs() -> list[tuple[str, str, str]]:
    """The asserted pairs: lines ``word<TAB>word<TAB>why``; ``#`` lines (and ``#!`` known
    merges) are not asserted."""
    pairs = []
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            first, second, why = line.split("\t")
            pairs.append((first, second, why))
    return pairs


def test_the_list_holds_at_least_fifty_pairs():
    # it should cover at least the fifty pairs issue 7 asks for
    assert len(must_not_match_pairs()) >= 50


@pytest.mark.parametrize("first,second,why", must_not_match_pairs())
def test_it_keeps_the_pair_apart(first, second, why):
    # it should give the two words no index term in common
    assert not set(analyze(first)) & set(analyze(second)), why
