"""The one analyzer: how readers type must find how sites write."""

import pytest

from akhbar.text.analyzer import (
    ANALYZER_VERSION,
    Analyzer,
    analyze,
    analyze_with_offsets,
    normalize_for_match,
)
from akhbar.text.stem_ar import light10_stem

# Written for this test by the project; its analysis is pinned to ANALYZER_VERSION.
GOLDEN_TEXT = (
    "وَقالَ وزيرُ الفلاحة، أمس في ولاية وهران، إنّ البلديات ستستفيد من برامج جديدة "
    "للتنمية. L'Algérie et les élections."
)
GOLDEN_TERMS = ["قال", "وزير", "فلاح", "امس", "ولاي", "وهران", "بلدي", "ستستفيد", "برامج",
                "جديد", "تنمي", "algerie", "elect"]  # fmt: skip


def test_it_pins_its_output_to_its_version():
    # it should fail here when the output changes without ANALYZER_VERSION being bumped
    assert (ANALYZER_VERSION, analyze(GOLDEN_TEXT)) == (1, GOLDEN_TERMS)


def test_it_finds_unvocalized_query_in_vocalized_text():
    # it should analyze the vocalized and the bare spelling alike
    assert analyze("مُحَمَّدٌ ذَهَبَ إِلَى المَدْرَسَةِ") == analyze("محمد ذهب الى المدرسة")


@pytest.mark.parametrize(
    ("written", "typed"),
    [("أحمد", "احمد"), ("إسلام", "اسلام"), ("آثار", "اثار"), ("مسؤولية", "مسوولية")],
)
def test_it_matches_hamza_less_queries(written, typed):
    # it should fold the hamza forms readers leave out
    assert analyze(written) == analyze(typed)


@pytest.mark.parametrize(("written", "typed"), [("مدرسة", "مدرسه"), ("مستشفى", "مستشفي")])
def test_it_matches_teh_marbuta_and_alef_maqsura_spellings(written, typed):
    # it should fold ة/ه and ى/ي
    assert analyze(written) == analyze(typed)


@pytest.mark.parametrize("word", ["والجزائر", "بالجزائر", "للجزائر", "الجزائر"])
def test_it_gives_one_term_for_algeria_with_any_clitic(word):
    # it should strip the clitics down to one term
    assert analyze(word) == analyze("جزائر")


def test_it_strips_stacked_clitics():
    # it should strip و + ب + ال
    assert analyze("وبالمدرسة") == analyze("المدرسة")


@pytest.mark.parametrize("word", ["ولاية", "والي", "وزير", "فلاحة", "بلدية", "لقاء"])
def test_it_keeps_root_initial_letters(word):
    # it should give the bare word the term of the word with the article
    assert analyze(word) == analyze("ال" + word)


@pytest.mark.parametrize(
    ("one", "other"),
    [("منتخب", "انتخابات"), ("الجزائر", "جزيرة"), ("Algérie", "Alger"), ("ولاية", "لا")],
)
def test_it_keeps_different_words_apart(one, other):
    # it should not merge words that only look alike
    assert analyze(one) != analyze(other)


def test_it_points_terms_at_the_original_words():
    text = "زار وَزِيرُ الفلاحةِ ولايةَ وهران"
    # it should give spans of the words as displayed
    assert [text[s:e] for _, s, e in analyze_with_offsets(text)] == text.split()


def test_it_analyzes_with_and_without_offsets_alike():
    # it should give the same terms on both paths
    assert [t for t, _, _ in analyze_with_offsets(GOLDEN_TEXT)] == analyze(GOLDEN_TEXT)


def test_it_drops_stop_words():
    # it should drop في and من and the French articles
    assert analyze("في من le la des") == []


@pytest.mark.parametrize("word", ["l'Algérie", "d'Algérie", "qu'Algérie"])
def test_it_strips_french_elisions(word):
    # it should give the term of the bare noun
    assert analyze(word) == analyze("Algérie")


def test_it_stems_french_words():
    # it should merge the singular and the plural
    assert analyze("élection") == analyze("élections")


def test_it_routes_each_token_by_script():
    # it should analyze Arabic and French in one text
    assert analyze("الجزائر Algérie") == ["جزاير", "algerie"]


def test_it_keeps_stop_words_and_full_words_for_fingerprints():
    # it should normalize without stemming or dropping anything
    assert normalize_for_match("وَفي المدرسةِ l'école") == ["وفي", "المدرسه", "ecole"]


def test_it_analyzes_with_another_stemmer_for_comparison():
    # it should use the stemmer it is given (light10 cuts ولاية down to لا)
    assert Analyzer(light10_stem).analyze("ولاية") == ["لا"]


def test_a_text_analyzed_again_gives_its_terms_in_a_list_of_its_own():
    # it should keep a recent text's terms without letting one caller's edits reach the next
    first = analyze(GOLDEN_TEXT)
    first.append("changed by a caller")
    assert analyze(GOLDEN_TEXT) == GOLDEN_TERMS
    assert analyze(GOLDEN_TEXT) is not analyze(GOLDEN_TEXT)
