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


def every_word_snippet(text: str, terms: set[str], width: int = 240) -> str:
    """The snippet as it was cut when every word of the region was analyzed (the reference)."""
    analyzer, cut = Analyzer(), snippets._word_end
    scanned, aligned = text[: cut(text, snippets.SCAN_CHARS)], []
    first = snippets.first_candidate(scanned, terms)
    if first is not None:
        start = max(0, scanned.rfind(" ", 0, max(0, first - snippets.REGION_BEFORE)))
        end = cut(scanned, first + snippets.REGION_AFTER)
        region = analyzer.analyze_with_offsets(scanned[start:end], "ar")
        aligned = [(t, s + start, e + start) for t, s, e in region]
        if not any(t in terms for t, _, _ in aligned):
            aligned = analyzer.analyze_with_offsets(scanned, "ar")
    hits, start = [s for t, s, _ in aligned if t in terms], 0
    if hits:
        anchor = snippets.best_window(hits, width - snippets.CONTEXT_CHARS)
        start = min(
            (s for _, s, _ in aligned if s >= anchor - snippets.CONTEXT_CHARS), default=anchor
        )
    end = min(len(scanned), start + width)
    marks = [(s, e) for t, s, e in aligned if t in terms and start <= s and e <= end]
    return snippets._render(scanned, start, end, marks)


def test_it_cuts_the_snippet_that_analyzing_every_word_cuts(monkeypatch):
    cases = real_cases()
    # a fresh analyzer: no word met yet, so only the words that can match are analyzed
    monkeypatch.setattr(snippets, "DEFAULT_ANALYZER", Analyzer())
    cut = [snippet(body, terms, lang="ar") for body, terms in cases]
    # it should give the very same snippets, marks and window starts included
    assert cut == [every_word_snippet(body, terms) for body, terms in cases]
    assert sum("<mark>" in text for text in cut) > 0.8 * len(cases)


def test_it_cuts_the_same_snippets_from_the_words_it_remembers(monkeypatch):
    cases = real_cases(120)
    monkeypatch.setattr(snippets, "_CHUNKS", {})
    monkeypatch.setattr(snippets, "CHUNKS_PATTERNS", 10)
    monkeypatch.setattr(snippets, "DEFAULT_ANALYZER", Analyzer())
    first = [snippet(body, terms, lang="ar") for body, terms in cases]
    again = [snippet(body, terms, lang="ar") for body, terms in reversed(cases)][::-1]
    # it should cut the very same snippets from the remembered words, and remember those of
    # a bounded number of queries' terms
    assert again == first
    assert 0 < len(snippets._CHUNKS) <= 10


def test_it_leaves_unanalyzed_the_words_that_cannot_match(monkeypatch):
    analyzer = Analyzer()
    monkeypatch.setattr(snippets, "DEFAULT_ANALYZER", analyzer)
    text = "وصل وزير الصحة إلى مستشفى وهران الجامعي صباح اليوم"
    aligned = snippets.aligned_terms(text, "ar", set(analyze("المستشفيات")))
    # it should analyze the one word holding the term, and stand the others in for it
    assert [text[s:e] for t, s, e in aligned if t != snippets.OTHER_TERM] == ["مستشفى"]
    assert set(analyzer.memo("ar")) == {"مستشفى"}


def test_a_latin_alias_no_word_can_give_leaves_the_snippet_of_the_arabic_words():
    cases = [(body, terms) for body, terms in real_cases(120) if "algerie" not in body.lower()]
    for body, terms in cases:
        aliased = terms | {"algerie", "algeri"}
        # an Arabic text holds no word that gives a Latin term: the aliases change nothing,
        # and the snippet is cut as for the Arabic words alone (only their matches aligned)
        assert snippet(body, aliased) == snippet(body, terms)
    text = "أعلنت وزارة الفلاحة عن انطلاق الحصاد في الجزائر (Algérie) هذا الأسبوع"
    # a text that does hold a Latin word keeps the alias: its word is marked too
    assert "<mark>Algérie</mark>" in snippet(text, {"جزاير", "algerie"})
