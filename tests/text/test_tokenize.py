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
