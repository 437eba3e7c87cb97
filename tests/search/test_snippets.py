"""Snippets mark the reader's words in the original text, analyzing only what can match."""

import json
import random
from itertools import islice

from akhbar.search import snippets
from akhbar.search.snippets import snippet
from akhbar.text.analyzer import Analyzer, analyze
from eval import SHARED_DATA


def real_cases(count: int = 300) -> list[tuple[str, set[str]]]:
    """Bodies of real articles, each with one or two terms of its title as the query."""
    rng, cases = random.Random(5), []
    for corpus in ("ant", "saudinewsnet"):
        with open(SHARED_DATA / corpus / "articles.jsonl", encoding="utf-8") as handle:
            for line in islice(handle, count // 2):
                row = json.loads(line)
                terms = analyze(row["title"])
                if terms:
                    cases.append((row["body"], set(rng.sample(terms, min(len(terms), 2)))))
    return cases


def test_it_marks_the_words_that_analyzing_every_word_marks(monkeypatch):
    cases = real_cases()
    # a fresh analyzer: no word met yet, so the words that cannot match are left unanalyzed
    monkeypatch.setattr(snippets, "DEFAULT_ANALYZER", Analyzer())
    skipping = [snippet(body, terms, lang="ar") for body, terms in cases]
    plain = snippets.aligned_terms
    monkeypatch.setattr(snippets, "aligned_terms", lambda text, lang, terms=None: plain(text, lang))
    # it should give the very same snippets, marks and window starts included
    assert [snippet(body, terms, lang="ar") for body, terms in cases] == skipping
    assert sum("<mark>" in text for text in skipping) > 0.8 * len(cases)


def test_it_leaves_unanalyzed_the_words_that_cannot_match(monkeypatch):
    analyzer = Analyzer()
    monkeypatch.setattr(snippets, "DEFAULT_ANALYZER", analyzer)
    text = "وصل وزير الصحة إلى مستشفى وهران الجامعي صباح اليوم"
    aligned = snippets.aligned_terms(text, "ar", set(analyze("المستشفيات")))
    # it should analyze the one word holding the term, and stand the others in for it
    assert [text[s:e] for t, s, e in aligned if t != snippets.OTHER_TERM] == ["مستشفى"]
    assert set(analyzer.memo("ar")) == {"مستشفى"}
