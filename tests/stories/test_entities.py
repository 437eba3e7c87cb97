"""Entities for story clustering: the gazetteer's names in both scripts, numbers, proper nouns.

Real ANT and SaudiNewsNet articles are read from ../shared/data at test time (never copied).
"""

import json
from itertools import islice

from akhbar.stories.entities import (
    NAME_WORDS,
    PROCLITICS,
    _word_info,
    entities,
    gazetteer_entities,
)
from akhbar.text.analyzer import normalize_for_match
from eval import SHARED_DATA

CORPORA = (SHARED_DATA / "ant" / "articles.jsonl", SHARED_DATA / "saudinewsnet" / "articles.jsonl")


def _texts(per_corpus: int = 3000):
    for path in CORPORA:
        with path.open(encoding="utf-8") as lines:
            for line in islice(lines, per_corpus):
                record = json.loads(line)
                yield record["title"] or ""
                yield record["body"] or ""


def test_it_finds_names_in_both_scripts_and_behind_proclitics():
    # it should give one id for a wilaya in Arabic, behind a proclitic, and in French
    assert "g:oran" in entities("وصل الوزير إلى وهران")
    assert "g:oran" in entities("عاد وبوهران هدوء")
    assert "g:oran" in entities("Le ministre est arrivé à Oran")
    # it should name a ministry by its domain, after "ministère de la" too
    assert "g:ministry-health" in entities("أعلنت وزارة الصحة")
    assert "g:ministry-health" in entities("le ministère de la santé")
    # it should take the longest name and not find a shorter one inside it
    assert gazetteer_entities(normalize_for_match("في سيدي بلعباس")) == ["g:sidi-bel-abbes"]


def test_its_name_words_are_the_words_it_would_look_up():
    # every word of real articles (and each with a proclitic) should be in NAME_WORDS
    # exactly when _word_info finds a name's start or a "ministry" word in it
    words = {word for text in _texts() for word in normalize_for_match(text)}
    words |= {clitic + word for word in list(NAME_WORDS)[:300] for clitic in PROCLITICS}
    assert len(words) > 20000
    wrong = [word for word in words if (word in NAME_WORDS) != any(_word_info(word))]
    assert wrong == []
