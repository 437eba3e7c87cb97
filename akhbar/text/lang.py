"""Language identification for articles: Arabic by script, French vs English by stop words.

Fast and dependency-free: the share of Arabic letters among letters decides "ar"; otherwise
the most frequent function words of French and English are counted.
"""

import regex

_LETTER = regex.compile(r"\p{L}")
_ARABIC_LETTER = regex.compile(r"\p{Arabic}")
_LATIN_WORD = regex.compile(r"[a-zàâçéèêëîïôûùüÿœæ]+")

FRENCH_MARKERS = frozenset(
    "le la les des du de et est une un dans pour que qui sur pas par au aux avec ce cette "
    "il elle ont sont été mais plus ses leur nous vous à où selon après".split()
)
ENGLISH_MARKERS = frozenset(
    "the and of to in is was for that on with as by at from it are be has have this "
    "which were will an been their after said his her".split()
)
ARABIC_SHARE = 0.5
SAMPLE_CHARS = 5000


def arabic_share(text: str) -> float:
    """Share of Arabic-script letters among all letters (0.0 when there are none)."""
    letters = _LETTER.findall(text)
    if not letters:
        return 0.0
    return len(_ARABIC_LETTER.findall(text)) / len(letters)


def _marker_counts(text: str) -> tuple[int, int]:
    tokens = _LATIN_WORD.findall(text.lower().replace("’", "'").replace("'", " "))
    french = sum(1 for token in tokens if token in FRENCH_MARKERS)
    english = sum(1 for token in tokens if token in ENGLISH_MARKERS)
    return french, english


def detect_language(text: str, min_markers: int = 2) -> str | None:
    """Return "ar", "fr", "en" or None when the text is too short or unclear."""
    sample = text[:SAMPLE_CHARS]
    if arabic_share(sample) >= ARABIC_SHARE:
        return "ar"
    french, english = _marker_counts(sample)
    if max(french, english) < min_markers or french == english:
        return None
    return "fr" if french > english else "en"
