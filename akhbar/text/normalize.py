"""Normalization for matching (never for display): Arabic and French folding.

`normalize_arabic` returns a new string in which the differences Arabic readers do not type
are gone: tashkeel, Quranic marks, tatweel, invisible bidi and zero-width characters, the
hamza/alef variants, alef maqsura, teh marbuta; Eastern digits become ASCII; Latin is
lower-cased. `fold_french` lower-cases, drops elided articles and folds accents.

Folding choices (documented because the index depends on them):
- أ إ آ ٱ → ا, ى → ي, ة → ه: the usual IR folding (Larkey; Lucene's ArabicNormalizer).
- ؤ → و and ئ → ي: readers and many sites write the seat letter without the hamza
  (مسئول/مسؤول, جزائر), so we fold the hamza on its seat to the seat. The isolated hamza ء
  stays: it is a letter of its own (ماء, سماء).
- Persian/Urdu forms of kaf and yeh (ک ی ې) → ك ي.
"""

import re
import unicodedata

import regex

from akhbar.text.fold import CharFold

_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]  # tashkeel and other harakat
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06DD)]  # Quranic annotation marks
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + [chr(c) for c in range(0x0610, 0x061B)]  # honorific signs above letters
    + [chr(c) for c in range(0x08D3, 0x0900) if c != 0x08E2]  # extended Quranic marks
    + [chr(c) for c in range(0x200B, 0x2010)]  # zero-width and directional marks
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
    + ["\ufeff", "\u00ad"]  # BOM / zero-width no-break space, soft hyphen
)

_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
    "ې": "ي",
}
_FOLD.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_FOLD.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian digits

ARABIC_TABLE = str.maketrans({**_FOLD, **dict.fromkeys(_DELETE)})

# ARABIC_TABLE by str.replace (akhbar/text/fold.py): 2.6 µs for a paragraph of Arabic news
# against 15 µs by str.translate and 6.6 µs by the numpy lookup it replaced.
_FOLD_ARABIC = CharFold(ARABIC_TABLE)

# Characters that NFKC would change (presentation forms, ligatures, fullwidth forms...).
# Plain ranges: the standard library's re scans for them several times faster than the
# regex module, with the same answer.
_NEEDS_NFKC = re.compile(
    r"[\uFB00-\uFDFF\uFE70-\uFEFF\uFF00-\uFFEF\u2160-\u217F\u00B2\u00B3\u00B9]"
)

_ELISION = regex.compile(
    r"\b(?:l|d|qu|j|n|s|c|t|m|jusqu|lorsqu|puisqu|quoiqu)['’]", regex.IGNORECASE
)
_COMBINING = regex.compile(r"\p{Mn}+")


def normalize_arabic(text: str) -> str:
    """Return `text` folded for matching (see the module docstring); display text is untouched."""
    if _NEEDS_NFKC.search(text):
        text = unicodedata.normalize("NFKC", text)
    return _fold_arabic(text).lower()


def _fold_arabic(text: str) -> str:
    """``text.translate(ARABIC_TABLE)``."""
    return _FOLD_ARABIC(text)


def strip_accents(text: str) -> str:
    """Fold Latin accents and ligatures: é → e, ç → c, œ → oe."""
    decomposed = unicodedata.normalize("NFD", text)
    return _COMBINING.sub("", decomposed).replace("œ", "oe").replace("æ", "ae")


def drop_elisions(text: str) -> str:
    """Remove French elided articles and pronouns: l'Algérie → Algérie, qu'il → il."""
    if "'" not in text and "’" not in text:  # every elision ends in one: skip the scan
        return text
    return _ELISION.sub("", text)


def fold_french(text: str) -> str:
    """Lower-case, drop elisions and fold accents: « L'Élysée » → « elysee »."""
    return strip_accents(drop_elisions(text.lower()))
