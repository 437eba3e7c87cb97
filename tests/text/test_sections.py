"""An outlet's own section (URL path, feed category, breadcrumb, meta) mapped to our taxonomy."""

import pytest

from akhbar.text.sections import category_from_section, fold

TAXONOMY = {
    "politics",
    "national",
    "international",
    "economy",
    "sports",
    "culture",
    "religion",
    "health",
    "society",
    "technology",
    "opinion",
}

SECTION_TABLE = [
    # sports
    ("رياضة", "sports"),
    ("الرياضة", "sports"),
    ("sport", "sports"),
    ("Sports", "sports"),
    ("Football", "sports"),
    ("كرة القدم", "sports"),
    # economy
    ("اقتصاد", "economy"),
    ("الاقتصاد", "economy"),
    ("Economie", "economy"),
    ("Économie", "economy"),
    ("business", "economy"),
    ("مال وأعمال", "economy"),
    # national
    ("وطني", "national"),
    ("الوطن", "national"),
    ("محلي", "national"),
    ("National", "national"),
    ("Algérie", "national"),
    ("الجزائر", "national"),
    # international
    ("دولي", "international"),
    ("عربي ودولي", "international"),
    ("العالم", "international"),
    ("Monde", "international"),
    ("International", "international"),
    ("الشرق الأوسط", "international"),
    ("Maghreb", "international"),
    # culture
    ("ثقافة", "culture"),
    ("فن", "culture"),
    ("Culture", "culture"),
    ("ثقافة وفنون", "culture"),
    # politics
    ("سياسة", "politics"),
    ("Politique", "politics"),
    # religion
    ("دين", "religion"),
    ("إسلاميات", "religion"),
    # health
    ("صحة", "health"),
    ("Santé", "health"),
    # society
    ("مجتمع", "society"),
    ("Société", "society"),
    ("منوعات", "society"),
    ("Faits divers", "society"),
    # technology
    ("تكنولوجيا", "technology"),
    ("علوم", "technology"),
    ("Tech", "technology"),
    ("High-tech", "technology"),
    ("علوم وتكنولوجيا", "technology"),
    # opinion
    ("رأي", "opinion"),
    ("مقالات", "opinion"),
    ("Opinion", "opinion"),
    ("Contributions", "opinion"),
    ("Chroniques", "opinion"),
]


@pytest.mark.parametrize(("section", "slug"), SECTION_TABLE)
def test_it_maps_section_names_in_arabic_french_and_english(section, slug):
    # it should give the slug of our taxonomy the section name stands for
    assert category_from_section(section) == slug


def test_it_maps_only_to_taxonomy_slugs():
    found = {category_from_section(section) for section, _ in SECTION_TABLE}
    # it should never invent a slug outside the taxonomy
    assert found <= TAXONOMY


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("/ar/sport/123-title", "sports"),
        ("https://www.elwatan.com/economie/", "economy"),
        ("/actualite/national", "national"),
        ("https://www.example.dz/fr/high-tech/telephone.html", "technology"),
        ("https://www.example.dz/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/", "sports"),
    ],
)
def test_it_reads_the_section_from_url_path_segments(url, slug):
    # it should find the section among the path segments, percent-encoded or not
    assert category_from_section(url) == slug


def test_it_ignores_words_inside_an_article_slug():
    url = "https://www.example.tn/ar/article/مهرجان-السينما-يفتتح-برنامج-الرياضة-والثقافة/95/"
    # it should not decide on a word of a long headline slug
    assert category_from_section(url) is None


def test_it_reads_a_breadcrumb_part_by_part():
    # it should skip the home and generic parts and find the section
    assert category_from_section("الرئيسية » أخبار الرياضة » كرة القدم") == "sports"
    # it should also read French breadcrumbs with accents and ampersands
    assert category_from_section("Accueil > Actualité > Économie & Finances") == "economy"


def test_it_finds_a_section_word_in_a_short_feed_category():
    # it should map a two-word category by its section word
    assert category_from_section("عالم التكنولوجيا") == "technology"
    # it should read "Sport - Football" as sports
    assert category_from_section("Sport - Football") == "sports"


def test_it_takes_the_first_hint_that_maps():
    hints = ("", "أخبار", "/fr/sport/x", "Culture")
    # it should skip empty and generic hints and stop at the first that maps
    assert category_from_section(*hints) == "sports"


def test_it_returns_none_when_nothing_maps():
    # it should return None for generic or unknown sections
    assert category_from_section("أخبار", "Actualités", "/ar/article/123") is None
    # it should return None with no hints at all
    assert category_from_section() is None


def test_it_folds_hamza_accents_case_and_the_article():
    # it should fold إ to ا, ة to ه and drop ال
    assert fold("الإسلاميات") == fold("اسلاميات")
    # it should fold accents and case
    assert fold("ÉCONOMIE") == "economie"
