"""Language identification on real records (read from ../shared/data, never copied)."""

import json
from itertools import islice
from pathlib import Path

from akhbar.text.lang import _ARABIC_LETTER, _LETTER, arabic_share, detect_language
from eval import SHARED_DATA as SHARED


def ant_records(limit: int) -> list[dict]:
    with (SHARED / "ant" / "articles.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, limit)]


def pages_in(lang: str) -> list[Path]:
    manifest = (SHARED / "pages" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in manifest]
    paths = [SHARED / "pages" / e["id"] / "gold_text.txt" for e in entries if e["lang"] == lang]
    return [path for path in paths if path.exists()]


def test_it_recognizes_arabic_articles():
    records = ant_records(300)
    # it should call every ANT article Arabic
    assert {detect_language(r["title"] + "\n" + r["body"]) for r in records} == {"ar"}


def test_it_recognizes_french_articles():
    texts = [path.read_text(encoding="utf-8") for path in pages_in("fr")]
    # it should call every French gold text French
    assert texts and {detect_language(text) for text in texts} == {"fr"}


def test_it_recognizes_english():
    text = "The minister said on Monday that the talks with the unions would resume."
    # it should tell English from French by its function words
    assert detect_language(text) == "en"


def test_it_says_nothing_about_too_little_text():
    # it should return None when there is no evidence
    assert detect_language("2016 — 12") is None


def pattern_share(text: str) -> float:
    """The share as the patterns count it, letter by letter."""
    letters = _LETTER.findall(text)
    return len(_ARABIC_LETTER.findall(text)) / len(letters) if letters else 0.0


def test_its_arabic_share_is_what_the_letter_patterns_count():
    records = ant_records(200)
    texts = [r["title"] + "\n" + r["body"][:1000] for r in records]
    texts += [path.read_text(encoding="utf-8")[:1000] for path in pages_in("fr")]
    # marks, digits, presentation forms, a character beyond the first plane, nothing at all
    texts += ["سَلامٌ ١٢٣ ﻻ Été", "خبر 😀 news", "", "123 …", "\ud800a"]
    for text in texts:
        # the table of code points should count exactly what the patterns find
        assert arabic_share(text) == pattern_share(text), text[:80]
