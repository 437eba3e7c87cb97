"""Normalization for matching: tashkeel, tatweel, invisible marks, letter variants, digits."""

import json
import unicodedata
from itertools import islice

import pytest

from akhbar.text.normalize import _NEEDS_NFKC, ARABIC_TABLE, fold_french, normalize_arabic
from eval import SHARED_DATA as SHARED

FOLDINGS = [
    ("tashkeel", "مُحَمَّدٌ", "محمد"),
    ("superscript alef", "هٰذا", "هذا"),
    ("tatweel", "الجزائــــر", "الجزاير"),
    ("zero-width and bidi marks", "\u200fالخبر\u200b\u2067", "الخبر"),
    ("byte order mark", "\ufeffخبر", "خبر"),
    ("alef with hamza above", "أحمد", "احمد"),
    ("alef with hamza below", "إلى", "الي"),
    ("alef madda", "آخر", "اخر"),
    ("alef wasla", "ٱلله", "الله"),
    ("alef maqsura", "مستشفى", "مستشفي"),
    ("teh marbuta", "مدرسة", "مدرسه"),
    ("waw with hamza", "مسؤول", "مسوول"),
    ("yeh with hamza", "مسئول", "مسيول"),
    ("Arabic-Indic digits", "٢٠١٦", "2016"),
    ("Persian digits", "۱۷", "17"),
    ("Latin upper case", "ONU", "onu"),
    ("presentation forms (NFKC)", "ﻻ", "لا"),
]


@pytest.mark.parametrize(("case", "text", "expected"), FOLDINGS, ids=[c[0] for c in FOLDINGS])
def test_it_folds_what_readers_do_not_type(case, text, expected):
    # it should fold the variant away
    assert normalize_arabic(text) == expected


def test_it_leaves_the_display_text_alone():
    display = "مُحَمَّدٌ"
    normalize_arabic(display)
    # it should return a new string and never change the one shown to readers
    assert display == "مُحَمَّدٌ"


def test_it_keeps_the_isolated_hamza():
    # it should keep ء, a letter of its own
    assert normalize_arabic("سماء") == "سماء"


def test_it_folds_french_accents_and_elisions():
    # it should lower-case, drop the elided article and fold the accents
    assert fold_french("L'Élysée s’est prononcé") == "elysee est prononce"


def _folded_one_by_one(text: str) -> str:
    """What normalize_arabic means, character by character (str.translate's dictionary)."""
    if _NEEDS_NFKC.search(text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(ARABIC_TABLE).lower()


def test_long_texts_fold_as_short_ones_do():
    # long texts take a vectorized path; real articles of both corpora, and texts with
    # vocalization, digits, NUL, emoji and a lone surrogate, must come out the same
    with (SHARED / "ant" / "articles.jsonl").open(encoding="utf-8") as lines:
        texts = [json.loads(line)["body"] for line in islice(lines, 200)]
    with (SHARED / "saudinewsnet" / "articles.jsonl").open(encoding="utf-8") as lines:
        texts += [json.loads(line)["body"] for line in islice(lines, 200)]
    vocalized = "مُحَمَّدٌ قَالَ إِنَّ ٢٠١٦ كانت سنة ﻻ تنسى\u200f\x00 😀 " * 20
    texts += [vocalized, vocalized + "\udcff", "A" * 300 + "É"]
    # it should give exactly the per-character folding for each
    assert [normalize_arabic(t) for t in texts] == [_folded_one_by_one(t) for t in texts]
