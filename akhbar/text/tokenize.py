"""Tokenizing with offsets into the original string (used to highlight snippets).

A word is a run of letters, combining marks and digits, with tatweel and invisible
zero-width/bidi characters allowed inside, so a vocalized or stretched Arabic word stays
one token. French elided articles (l', d', qu'…) are split off: `l'Algérie` gives the
token `Algérie` with its own offsets.
"""

import re
from typing import NamedTuple

import regex

_INVISIBLE = "\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
_WORD_START = r"[\p{L}\p{N}]"
_WORD_REST = rf"[\p{{L}}\p{{M}}\p{{N}}{_INVISIBLE}]"
_WORD = regex.compile(rf"{_WORD_START}{_WORD_REST}*(?:['’]{_WORD_START}{_WORD_REST}*)*")
_ELIDED = regex.compile(r"(?:l|d|qu|j|n|s|c|t|m|jusqu|lorsqu|puisqu|quoiqu)['’]", regex.IGNORECASE)

# The regex module tests a character against Unicode properties at a cost of about a hundred
# instructions; the standard library's re looks it up in a table of the class. Text whose
# every character lies in these blocks (Latin, Greek, Cyrillic, Hebrew, Arabic, general
# punctuation, Arabic presentation forms: nearly all Arabic and French news) is split by a
# pattern of the standard library whose classes hold exactly the characters of those blocks
# that the regex module's classes match (asked of the regex module itself, at import), so it
# finds the same words; any other text takes the regex module's pattern. Splitting is a sixth
# of what folding an article costs (callgrind, docs/STORIES.md).
_FAST_BLOCKS = ((0x0000, 0x0800), (0x2000, 0x2070), (0xFB50, 0xFE00), (0xFE70, 0xFF00))


def _class_in_blocks(pattern: str) -> str:
    """The characters of ``_FAST_BLOCKS`` that ``pattern`` (one regex-module class) matches,
    as the inside of a standard-library class: ranges of ``\\uXXXX`` escapes."""
    every = "".join(chr(code) for low, high in _FAST_BLOCKS for code in range(low, high))
    codes = [ord(char) for char in regex.findall(pattern, every)]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges
    )


_FAST_START = f"[{_class_in_blocks(_WORD_START)}]"
_FAST_REST = f"[{_class_in_blocks(_WORD_REST)}]"
_FAST_WORD = re.compile(rf"{_FAST_START}{_FAST_REST}*(?:['’]{_FAST_START}{_FAST_REST}*)*")
_OUTSIDE_FAST_BLOCKS = re.compile(
    "[^" + "".join(f"\\u{low:04x}-\\u{high - 1:04x}" for low, high in _FAST_BLOCKS) + "]"
)


def _word_pattern(text: str):
    """The standard library's pattern when every character of ``text`` is in its blocks."""
    return _WORD if _OUTSIDE_FAST_BLOCKS.search(text) else _FAST_WORD


class Token(NamedTuple):
    """One word: its text as written and its [start, end) offsets in the original string."""

    text: str
    start: int
    end: int


def _split_elision(word: str, start: int) -> Token:
    elided = _ELIDED.match(word)
    if elided is None or elided.end() == len(word):
        return Token(word, start, start + len(word))
    return Token(word[elided.end() :], start + elided.end(), start + len(word))


def tokenize(text: str) -> list[Token]:
    """Split `text` into word tokens whose offsets point into `text` itself."""
    tokens = []
    for match in _word_pattern(text).finditer(text):
        word = match.group()
        if "'" in word or "’" in word:
            tokens.append(_split_elision(word, match.start()))
        else:
            tokens.append(Token(word, match.start(), match.end()))
    return tokens


def token_texts(text: str) -> list[str]:
    """The texts of `tokenize(text)` without offsets: the fast path of the analyzer."""
    found = _word_pattern(text).findall(text)
    if "'" not in text and "’" not in text:
        return found
    return [_split_elision(word, 0).text if "'" in word or "’" in word else word for word in found]


def words(text: str) -> list[str]:
    """Just the token texts, in order (no offsets): the fast path for already-normalized text."""
    return _word_pattern(text).findall(text)
