"""Normalization for matching: tashkeel, tatweel, invisible marks, letter variants, digits."""

import pytest

from akhbar.text.normalize import fold_french, normalize_arabic

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
