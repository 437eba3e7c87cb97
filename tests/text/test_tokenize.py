"""Tokens carry offsets into the original text, so snippets can be highlighted."""

from akhbar.text.tokenize import Token, tokenize


def test_it_keeps_a_vocalized_word_in_one_token():
    # it should not split at the harakat (FTS5's unicode61 would)
    assert [t.text for t in tokenize("ذَهَبَ مُحَمَّدٌ")] == ["ذَهَبَ", "مُحَمَّدٌ"]


def test_it_keeps_a_stretched_word_in_one_token():
    # it should keep the tatweel inside the word
    assert [t.text for t in tokenize("الجزائــر")] == ["الجزائــر"]


def test_it_gives_offsets_into_the_original_text():
    text = "قال الوزيرُ، أمس: «الجزائر»"
    # it should give spans that cut the original words out of the text
    assert [text[t.start : t.end] for t in tokenize(text)] == ["قال", "الوزيرُ", "أمس", "الجزائر"]


def test_it_splits_french_elisions_off():
    # it should give the word after the elided article, with its own offsets
    assert tokenize("l'Algérie") == [Token("Algérie", 2, 9)]


def test_it_keeps_aujourdhui_whole():
    # it should only split the listed elisions
    assert [t.text for t in tokenize("aujourd'hui")] == ["aujourd'hui"]


def test_it_tokenizes_digits_of_every_script():
    # it should keep ASCII, Arabic-Indic and Persian numbers as tokens
    assert [t.text for t in tokenize("2016 ٢٠١٦ ۲۰۱۶")] == ["2016", "٢٠١٦", "۲۰۱۶"]


def _real_texts(limit: int = 400) -> list[str]:
    import json

    from akhbar.text.normalize import normalize_arabic
    from eval import SHARED_DATA

    texts = []
    for corpus in ("ant", "saudinewsnet"):
        with open(SHARED_DATA / corpus / "articles.jsonl", encoding="utf-8") as lines:
            for _, line in zip(range(limit // 2), lines, strict=False):
                item = json.loads(line)
                texts += [item.get("title") or "", item.get("body") or ""]
    return texts + [normalize_arabic(text) for text in texts]


def test_its_fast_pattern_finds_the_words_of_the_regex_module_in_real_news():
    from akhbar.text import tokenize as module

    texts = _real_texts()
    # the corpora's texts should nearly all take the standard library's pattern
    assert sum(module._word_pattern(t) is module._FAST_WORD for t in texts) > 0.95 * len(texts)
    for text in texts:
        reference = [(m.group(), m.start(), m.end()) for m in module._WORD.finditer(text)]
        # it should split exactly where the regex module's Unicode classes split
        assert module.words(text) == [word for word, _, _ in reference]
        if "'" not in text and "’" not in text:  # (elisions are split off after matching)
            assert [(t.text, t.start, t.end) for t in tokenize(text)] == reference


def test_text_outside_its_blocks_takes_the_regex_module():
    from akhbar.text.tokenize import words

    # a character beyond the fast blocks (CJK, an emoji, Arabic Extended-A) sends the whole
    # text through the regex module's Unicode classes
    assert words("وصل 日本 وفد 🙂 إلى ࢠب") == ["وصل", "日本", "وفد", "إلى", "ࢠب"]
