"""Names across scripts: the alias table, transliteration similarity, learning, expansion."""

from types import SimpleNamespace

import pytest

from akhbar.search.aliases import (
    AliasTable,
    default_aliases,
    learn_aliases,
    similarity,
    story_documents,
)
from akhbar.search.query import parse_query
from akhbar.search.service import search
from tests.search.test_search import publish


def test_it_finds_the_other_scripts_spellings_of_a_name():
    table = default_aliases()
    # it should map Latin to Arabic and Arabic to Latin
    assert "تبون" in table("Tebboune")
    assert "Oran" in table("وهران")
    assert "شنقريحة" in table("Chanegriha")


def test_it_finds_spellings_whatever_the_clitics_and_hamza():
    table = default_aliases()
    # it should key on the analyzed term: بوهران and وهران are one name
    assert "Oran" in table("بوهران")
    assert "Algérie" in table("للجزائر")


def test_it_keeps_algeria_and_algiers_apart():
    table = default_aliases()
    # it should not expand the country into the city
    assert "Alger" not in table("Algérie")
    assert "Algérie" not in table("Alger")


def test_it_expands_a_word_into_an_or_group_of_its_spellings():
    query = parse_query("Tebboune وهران", aliases=AliasTable([["تبون", "Tebboune"]]))
    # it should make one OR group per word, holding the aliases
    assert [[item.text for item in group] for group in query.groups] == [
        ["Tebboune", "تبون"],
        ["وهران"],
    ]


def test_it_scores_transliterations_by_their_consonants():
    # it should find the usual French spellings alike and unrelated names apart
    assert similarity("Tebboune", "تبون") == 1.0
    assert similarity("Chanegriha", "شنقريحة") == 1.0
    assert similarity("Guelma", "قالمة") == 1.0
    assert similarity("Oran", "تبون") < 0.5


def test_it_learns_pairs_from_the_french_and_arabic_articles_of_one_story():
    articles = [
        SimpleNamespace(
            story_id=1, language="fr", title="Tebboune reçoit le ministre", body="À Alger."
        ),
        SimpleNamespace(
            story_id=1, language="ar", title="تبون يستقبل الوزير", body="في الجزائر العاصمة."
        ),
    ]
    learned = {(a.latin, a.arabic) for a in learn_aliases(story_documents(articles))}
    # it should pair the name with its Arabic spelling, not with the other words
    assert ("Tebboune", "تبون") in learned
    assert all(arabic != "الوزير" for _, arabic in learned)


@pytest.fixture
def bilingual(agency, daily):
    return {
        "ar": publish(daily, "تبون يزور وهران", "زار الرئيس تبون ولاية وهران."),
        "fr": publish(agency, "Chanegriha à Oran", "Le général Chanegriha en visite.", lang="fr"),
    }


@pytest.mark.django_db
def test_it_finds_the_arabic_article_from_a_latin_query(bilingual):
    # it should find تبون from Tebboune
    assert [r.article for r in search("Tebboune").results] == [bilingual["ar"]]


@pytest.mark.django_db
def test_it_finds_the_french_article_from_an_arabic_query(bilingual):
    # it should find Chanegriha from شنقريحة, and both articles from وهران
    assert [r.article for r in search("شنقريحة").results] == [bilingual["fr"]]
    assert {r.article.pk for r in search("وهران").results} == {a.pk for a in bilingual.values()}
