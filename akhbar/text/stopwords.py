"""Arabic and French stop words, loaded once from `akhbar/text/data/`.

The Arabic list is Lucene's (Apache-2.0) plus a few news function words, normalized the way
the analyzer normalizes tokens; the French list is Snowball's, accent-folded.
"""

from importlib import resources

from akhbar.text.normalize import fold_french, normalize_arabic


def _read_list(name: str) -> list[str]:
    text = resources.files("akhbar.text").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


ARABIC_STOPWORDS = frozenset(normalize_arabic(word) for word in _read_list("stopwords_ar.txt"))
FRENCH_STOPWORDS = frozenset(fold_french(word) for word in _read_list("stopwords_fr.txt"))
ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be by for from has have he in is it its of on or that the this "
    "to was were will with which who not but they their been had his her".split()
)


def is_stopword(normalized_word: str, lang: str) -> bool:
    """True when the (already normalized) word is a stop word of `lang` ("ar" or "fr")."""
    if lang == "ar":
        return normalized_word in ARABIC_STOPWORDS
    return normalized_word in FRENCH_STOPWORDS
