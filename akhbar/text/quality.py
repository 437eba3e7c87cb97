"""The quality gate: is an extracted article fit for the site? (pure)

`quality_problem(extracted)` returns the reason a page is kept out ("body too short (N chars)",
"language xx not supported", "garbled: mojibake", "garbled: reversed Arabic",
"garbled: presentation-form Arabic") or None. The reasons are listed for the operator.

The garbling tests are cheap counts on the title and body:

- mojibake: Arabic UTF-8 bytes read as Latin-1/windows-1252 give pairs such as "Ø§", "Ù„"
  (a lead byte Ø/Ù/Ú/Û followed by a Latin-1 continuation character), and undecodable bytes
  give U+FFFD; either above a small density means the decoding went wrong;
- presentation forms: text copied from PDFs or old renderers uses the contextual glyphs of
  U+FB50–U+FDFF and U+FE70–U+FEFF instead of letters; readers cannot search it;
- reversed Arabic: text stored in visual order reads each word backwards. The definite article
  "ال" starts a large share of Arabic words and almost never ends one, so reversed text shows
  many words *ending* in "لا" and few *starting* with "ال".
"""

from __future__ import annotations

import re

import numpy as np

from akhbar.text.lang import code_points, detect_language

SUPPORTED = ("ar", "fr", "en")
_MOJIBAKE_PAIR = re.compile(
    "[ØÙÚÛ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_ARABIC_WORD = re.compile("[\u0621-\u064a]{3,}")

MOJIBAKE_DENSITY = 0.01  # suspicious pairs or U+FFFD per character
PRESENTATION_DENSITY = 0.05  # presentation-form characters per Arabic character
MIN_ARABIC_WORDS = 20  # below this, the reversed-text test does not judge


def body_length(text: str) -> int:
    """The length of the text with its white space squeezed: ``len(" ".join(text.split()))``,
    counted without building the joined string."""
    parts = text.split()
    return sum(map(len, parts)) + len(parts) - 1 if parts else 0


def mojibake_density(text: str) -> float:
    """Share of characters that are Latin-1-decoded UTF-8 pairs or replacement characters."""
    if not text:
        return 0.0
    return (len(_MOJIBAKE_PAIR.findall(text)) + text.count("\ufffd")) / len(text)


def presentation_density(text: str) -> float:
    """Presentation-form characters per Arabic character (letters and forms together).

    Counted over the text's code points (the ranges of ``_PRESENTATION_FORM`` and
    ``_ARABIC_LETTER``): their ``findall`` built a string per letter of the whole article.
    A text with no presentation form (nearly every one) is 0.0 without counting."""
    if not _PRESENTATION_FORM.search(text):
        return 0.0
    codes = code_points(text)
    forms = int(
        np.count_nonzero((codes >= 0xFB50) & (codes <= 0xFDFF))
        + np.count_nonzero((codes >= 0xFE70) & (codes <= 0xFEFE))
    )
    letters = int(np.count_nonzero((codes >= 0x0621) & (codes <= 0x064A)))
    return forms / (forms + letters) if forms + letters else 0.0


def looks_reversed(text: str) -> bool:
    """True when Arabic words end in "لا" far more often than they start with "ال"."""
    arabic_words = _ARABIC_WORD.findall(text)
    if len(arabic_words) < MIN_ARABIC_WORDS:
        return False
    # counted on the words joined by line breaks (no word holds one): one C call each, not
    # a Python loop over the words
    joined = "\n" + "\n".join(arabic_words) + "\n"
    starts, ends = joined.count("\nال"), joined.count("لا\n")
    # normal Arabic: starts ≈ 25–35 % of words, ends ≈ 1 %; reversed: the other way round
    return ends > 3 * max(starts, 1) and ends >= 0.08 * len(arabic_words)


def garbling(text: str) -> str | None:
    """The kind of garbling of a text, or None."""
    if mojibake_density(text) > MOJIBAKE_DENSITY:
        return "garbled: mojibake"
    if presentation_density(text) > PRESENTATION_DENSITY:
        return "garbled: presentation-form Arabic"
    if looks_reversed(text):
        return "garbled: reversed Arabic"
    return None


def quality_problem(extracted, *, min_chars: int = 200, languages=SUPPORTED) -> str | None:
    """Why an extracted article is not fit for the site, or None when it is.

    Garbling is checked first: a garbled page is also short of real words or in no language,
    and "garbled" is the reason the operator can act on (fix the outlet's decoding).
    """
    text = f"{extracted.title}\n{extracted.lede}\n{extracted.text}"
    if problem := garbling(text):
        return problem
    length = body_length(f"{extracted.lede}\n{extracted.text}")
    if length < min_chars:
        return f"body too short ({length} chars)"
    language = extracted.language or detect_language(text)
    if language not in languages:
        return f"language {language or 'unknown'} not supported"
    return None
