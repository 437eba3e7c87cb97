"""The quality gate's counts made the fast way give what the plain ways gave, on real texts."""

from akhbar.text import quality


def real_texts() -> list[str]:
    from eval.search import arabic_docs, french_docs

    texts = [f"{doc.title}\n{doc.body}" for doc in arabic_docs()[:500] + french_docs()]
    # reversed Arabic (each word written backwards), as a garbled page shows it
    texts += [" ".join(word[::-1] for word in text.split()) for text in texts[:100]]
    assert len(texts) > 500
    return texts + ["", " ", "x", " a \t b\n", "\u2003كلمة\u2003", "الا لا الكتاب"]


def test_the_squeezed_length_is_the_length_of_the_joined_words():
    # body_length counts without joining: it should be the joined string's length
    for text in real_texts():
        assert quality.body_length(text) == len(" ".join(text.split()))


def test_reversed_arabic_is_told_as_the_word_by_word_counts_tell_it():
    # looks_reversed counts the words starting with "ال" and ending with "لا" on the words
    # joined: it should judge every text as counting word by word does, reversed ones too
    def plain(text: str) -> bool:
        words = quality._ARABIC_WORD.findall(text)
        if len(words) < quality.MIN_ARABIC_WORDS:
            return False
        starts = sum(1 for word in words if word.startswith("ال"))
        ends = sum(1 for word in words if word.endswith("لا"))
        return ends > 3 * max(starts, 1) and ends >= 0.08 * len(words)

    judged = [quality.looks_reversed(text) for text in real_texts()]
    assert judged == [plain(text) for text in real_texts()]
    assert 50 <= sum(judged) < len(judged) - 50
