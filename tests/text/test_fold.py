"""CharFold: str.translate's result, by str.replace (akhbar/text/fold.py)."""

import pytest

from akhbar.text import dates, extract, normalize
from akhbar.text.fold import SHORT, CharFold

TABLES = {
    "words": extract._FOLD_FOR_WORDS,
    "dates": dates._FOLD,
    "arabic": normalize.ARABIC_TABLE,
}


def shared_texts() -> list[str]:
    from eval import SHARED_DATA
    from eval.search import arabic_docs, french_docs

    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in (SHARED_DATA / "pages").glob("*/source.html")
    ]
    texts += [doc.body for doc in arabic_docs()[:300] + french_docs()]
    texts += [line for text in texts[:50] for line in text.splitlines()]  # short texts too
    return texts


@pytest.mark.parametrize("name", sorted(TABLES))
def test_each_folding_gives_translates_result_on_the_shared_texts(name):
    # the folds of words, dates and normalize_arabic are read by str.replace: they should
    # give what str.translate gives with their tables, on long texts and short ones
    table, fold = TABLES[name], CharFold(TABLES[name])
    texts = shared_texts()
    assert sum(len(text) >= SHORT for text in texts) > 100
    for text in texts:
        assert fold(text) == text.translate(table)
        assert fold(text.lower()) == text.lower().translate(table)


def test_a_fold_gives_translates_result_on_every_character_it_names_and_around_them():
    # every character the table names, deleted or folded, alone, doubled and in a long text
    for table in TABLES.values():
        fold = CharFold(table)
        chars = "".join(map(chr, table))
        for text in (chars, chars * 2, f"نص {chars} texte \ud800 😀 " * 3):
            assert fold(text) == text.translate(table)


def test_a_table_writing_a_character_it_reads_is_refused():
    # one replace after another would fold that character twice: translate folds it once
    with pytest.raises(ValueError):
        CharFold(str.maketrans({"أ": "ا", "ا": "ب"}))
    with pytest.raises(ValueError):
        CharFold(str.maketrans({"ﻻ": "لا"}))  # two characters for one
