"""The Arabic light stemmers: clitics stripped, root letters kept, variants selectable."""

import pytest

from akhbar.text.normalize import normalize_arabic
from akhbar.text.stem_ar import (
    ArabicStemmer,
    build_lexicon,
    get_stemmer,
    light10_stem,
    snowball_stem,
    stem_arabic,
)


def stem(word: str) -> str:
    return stem_arabic(normalize_arabic(word))


@pytest.mark.parametrize("word", ["والجزائر", "بالجزائر", "للجزائر", "فالجزائر", "وبالجزائر"])
def test_it_strips_the_article_and_its_clitics(word):
    # it should give the stem of الجزائر
    assert stem(word) == stem("الجزائر")


@pytest.mark.parametrize("word", ["ولاية", "والي", "وزير", "فلاحة", "بلدية", "لقاء"])
def test_it_keeps_a_root_initial_letter(word):
    # it should stem the bare word like the word with the article, never cutting its first letter
    assert stem(word) == stem("ال" + word)


@pytest.mark.parametrize(
    ("word", "wrong"),
    [("ولاية", "لا"), ("ولاية", "لايه"), ("والي", "ال"), ("والي", "لي"), ("وزير", "زير"),
     ("فلاحة", "لاحه"), ("بلدية", "لدي")],
)  # fmt: skip
def test_it_never_gives_the_stems_light10_would(word, wrong):
    # it should not take the root letter for a clitic
    assert stem(word) != wrong


def test_it_strips_a_conjunction_before_a_known_word():
    # it should find قال in وقال
    assert stem("وقال") == "قال"


def test_it_strips_a_possessive_before_teh_marbuta():
    # it should stem مدرستها like مدرسة
    assert stem("مدرستها") == stem("مدرسة")


def test_it_strips_the_lam_of_lil_before_a_lam_word():
    # it should read للاعب as ل + اللاعب
    assert stem("للاعب") == stem("اللاعب")


def test_it_keeps_place_names_ending_in_an():
    # it should not read لبنان as a dual of لبن
    assert stem("لبنان") != stem("لبن")


def test_it_learns_root_initial_words_from_a_corpus():
    lexicon = build_lexicon(["الفيديو فيديو", "الفيديو الجديد"], min_count=1)
    # it should keep the ف of a word the corpus shows after ال
    assert ArabicStemmer(lexicon).stem("فيديو") == "فيديو"


def test_it_reimplements_lucene_light10():
    # it should strip one prefix then the suffixes in Lucene's order (ولاية → لا, its known flaw)
    assert [light10_stem(normalize_arabic(w)) for w in ("والمدرسة", "ولاية")] == ["مدرس", "لا"]


def test_it_offers_every_stemmer_by_name():
    # it should return the named functions
    assert [get_stemmer(n) for n in ("light10", "snowball")] == [light10_stem, snowball_stem]


def test_it_refuses_an_unknown_stemmer():
    # it should say which name is unknown
    with pytest.raises(ValueError, match="khoja"):
        get_stemmer("khoja")
