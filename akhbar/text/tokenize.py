"""Tokenizing with offsets into the original string (used to highlight snippets).

A word is a run of letters, combining marks and digits, with tatweel and invisible
zero-width/bidi characters allowed inside, so a vocalized or stretched Arabic word stays
one token. French elided articles (l', d', qu'…) are split off: `l'Algérie` gives the
token `Algérie` with its own offsets.
"""

from typing import NamedTuple

import regex

_INVISIBLE = "\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
_WORD = regex.compile(
    rf"[\p{{L}}\p{{N}}][\p{{L}}\p{{M}}\p{{N}}{_INVISIBLE}]*"
    rf"(?:['’][\p{{L}}\p{{N}}][\p{{L}}\p{{M}}\p{{N}}{_INVISIBLE}]*)*"
)
_ELIDED = regex.compile(r"(?:l|d|qu|j|n|s|c|t|m|jusqu|lorsqu|puisqu|quoiqu)['’]", regex.IGNORECASE)


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
    for match in _WORD.finditer(text):
        word = match.group()
        if "'" in word or "’" in word:
            tokens.append(_split_elision(word, match.start()))
        else:
            tokens.append(Token(word, match.start(), match.end()))
    return tokens


def token_texts(text: str) -> list[str]:
    """The texts of `tokenize(text)` without offsets: the fast path of the analyzer."""
    found = _WORD.findall(text)
    if "'" not in text and "’" not in text:
        return found
    return [_split_elision(word, 0).text if "'" in word or "’" in word else word for word in found]


def words(text: str) -> list[str]:
    """Just the token texts, in order (no offsets): the fast path for already-normalized text."""
    return _WORD.findall(text)
