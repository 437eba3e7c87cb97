"""Highlighted snippets cut from the display text (pure).

The index holds analyzed terms; readers must see their own words. The
analyzer's offsets align each term with the original word, so the snippet is
cut from the original text and the matching words are marked there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from html import escape

from akhbar.search.memo import remember
from akhbar.text.analyzer import DEFAULT_ANALYZER, MISSING, is_arabic_char
from akhbar.text.tokenize import token_texts

# Snippets are cut from the start of long bodies only: enough for a window
# around the first matches, and it bounds the cost per result.
SCAN_CHARS = 3000
REGION_BEFORE = 160  # aligned before the first possible match
REGION_AFTER = 600  # and after it
CONTEXT_CHARS = 40


def best_window(hit_starts: list[int], width: int) -> int:
    """The offset of the hit that begins the ``width``-char window holding the most hits."""
    best, best_count = hit_starts[0], 0
    for index, start in enumerate(hit_starts):
        count = bisect_right(hit_starts, start + width) - index
        if count > best_count:
            best, best_count = start, count
    return best


def snippet(text: str, terms: set[str], *, width: int = 240, lang: str | None = None) -> str:
    """An HTML-escaped excerpt of ``text`` with the words matching ``terms`` in <mark>."""
    terms = _possible_terms(text[: _word_end(text, SCAN_CHARS)], terms)
    scanned, aligned = _aligned(text, terms, lang)
    hit_starts = [start for term, start, _ in aligned if term in terms]
    start = 0
    if hit_starts:
        # Open the window a few words before the first hit, at a word start.
        anchor = best_window(hit_starts, width - CONTEXT_CHARS)
        start = _first_word_from(scanned, anchor - CONTEXT_CHARS, anchor, terms, lang)
    end = min(len(scanned), start + width)
    marks = [(s, e) for t, s, e in aligned if t in terms and start <= s and e <= end]
    return _render(scanned, start, end, marks)


# A letter outside the Arabic script blocks (those of ``is_arabic_char``): the first letter of
# any word whose term starts with a letter that is not Arabic.
_OTHER_SCRIPT_LETTER = re.compile("[^\\W\\d_\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def _possible_terms(scanned: str, terms: set[str]) -> set[str]:
    """``terms`` without those no word of ``scanned`` can give: a term starting with a
    letter of another script (a Latin alias of an Arabic word, "algerie" beside "جزاير")
    comes only from a word starting with such a letter. Left with Arabic terms only, the
    snippet aligns just the words holding a match of their pattern."""
    other = {term for term in terms if term[0].isalpha() and not is_arabic_char(term[0])}
    if not other or _OTHER_SCRIPT_LETTER.search(scanned):
        return terms
    return terms - other


def _aligned(text: str, terms: set[str], lang: str | None) -> tuple[str, list]:
    """The scanned text and its analyzed words around the first possible match.

    Aligning every word is the costly part, so only a region around the first place where
    a term can occur is aligned; the whole scanned text only when that region holds none.
    With Arabic terms, only the words holding a match of their pattern are aligned at all
    (``_candidate_words``): the others can give none of them.
    """
    scanned = text[: _word_end(text, SCAN_CHARS)]
    first = first_candidate(scanned, terms)
    if first is None:  # no word can match: a plain excerpt, nothing to align
        return scanned, []
    start = max(0, scanned.rfind(" ", 0, max(0, first - REGION_BEFORE)))
    end = _word_end(scanned, first + REGION_AFTER)
    pattern = _arabic_pattern(terms)
    if pattern is not None:  # only the words the pattern finds a term in need analyzing
        candidates = _candidate_words(scanned, pattern, terms, lang)
        region = [word for word in candidates if start <= word[1] and word[2] <= end]
        return scanned, region if any(t in terms for t, _, _ in region) else candidates
    region = aligned_terms(scanned[start:end], lang, terms)
    aligned = [(t, s + start, e + start) for t, s, e in region]
    if any(term in terms for term, _, _ in aligned):
        return scanned, aligned
    return scanned, aligned_terms(scanned, lang, terms)


def _arabic_pattern(terms: set[str] | None) -> re.Pattern | None:
    """``first_candidate``'s pattern, when there are terms and every one is Arabic (else
    None)."""
    if terms and all(is_arabic_char(term[0]) for term in terms):
        return _candidate_pattern(frozenset(terms))
    return None


# The aligned words of each piece of text holding a match (``_candidate_words``), by
# language and terms' pattern: a snippet's matches are mostly the same few words ("الجزائر",
# "للجزائر", "الجزائرية"), in one article and the next. Which of them give one of the terms
# is all a snippet reads of them, and that does not change as the analyzer meets more
# words: a word without a match of the pattern never gives one of the terms, and a word
# with one is analyzed (``aligned_terms``).
_CHUNKS: dict[tuple, dict[str, list[tuple[str, int, int]]]] = {}
CHUNKS_LIMIT = 20_000  # pieces per language and pattern
CHUNKS_PATTERNS = 512  # languages and patterns (as ``_candidate_pattern`` keeps)


def _candidate_words(text: str, pattern: re.Pattern, terms, lang) -> list[tuple[str, int, int]]:
    """The analyzed words of ``text`` the pattern finds a term in, in text order: a word
    can give one of the terms only if it holds a match, and words never span a space, so
    the words around each match are all that need reading."""
    found, last_end = [], -1
    known = _CHUNKS.get((lang, pattern))
    if known is None or len(known) >= CHUNKS_LIMIT:  # one per query's terms: bounded too
        known = remember(_CHUNKS, (lang, pattern), {}, CHUNKS_PATTERNS)
    for match in pattern.finditer(text):
        if match.end() <= last_end:
            continue  # within a word already read
        chunk = _word_start(text, match.start())
        piece = text[chunk : _word_end(text, match.end())]
        words = known.get(piece)
        if words is None:
            words = known[piece] = aligned_terms(piece, lang, terms, pattern=pattern)
        for term, start, end in words:
            start, end = start + chunk, end + chunk
            if end > last_end and start < match.end() and end > match.start():
                found.append((term, start, end))
                last_end = end
    return found


def _first_word_from(text: str, position: int, anchor: int, terms, lang) -> int:
    """The start of the first analyzed word (not a stop word) at or after ``position``, up
    to the hit at ``anchor``."""
    position = max(0, position)
    chunk = _word_start(text, position)
    for term, start, end in aligned_terms(text[chunk : _word_end(text, anchor)], lang, terms):
        if start + chunk >= position and (
            term != OTHER_TERM or not _stop_word(text[chunk + start : chunk + end])
        ):
            return start + chunk
    return anchor


def _word_start(text: str, position: int) -> int:
    """Just after the last whitespace before ``position`` (or 0): never cut a word."""
    return max(text.rfind(" ", 0, position), text.rfind("\n", 0, position)) + 1


def _word_end(text: str, position: int) -> int:
    """The first whitespace at or after ``position`` (or the end): never cut a word."""
    if position >= len(text):
        return len(text)
    found = [i for i in (text.find(" ", position), text.find("\n", position)) if i >= 0]
    return min(found, default=len(text))


def first_candidate(text: str, terms: set[str]) -> int | None:
    """Where the first word analyzing to one of ``terms`` can start, at the earliest; None
    when none can. An Arabic stem is a substring of its normalized word (the stemmer only
    cuts letters off), so a pattern allowing every folded letter form and marks between
    letters finds it in the raw text. Latin stems are not substrings: 0."""
    if not terms:
        return None
    pattern = _arabic_pattern(terms)
    if pattern is None:
        return 0
    found = pattern.search(text)
    return found.start() if found else None


# Letters as normalize_arabic folds them, and what it deletes between letters.
_FORMS = {"ا": "اأإآٱ", "ي": "يىئیې", "ه": "هة", "و": "وؤ", "ك": "كک"}
_BETWEEN = "[\u064b-\u065f\u0670\u0640\u200b-\u200f]*"


@lru_cache(maxsize=512)
def _candidate_pattern(terms: frozenset[str]) -> re.Pattern:
    def letter(char: str) -> str:
        return f"[{_FORMS[char]}]" if char in _FORMS else re.escape(char)

    return re.compile("|".join(_BETWEEN.join(map(letter, term)) for term in sorted(terms)))


# Stands for the term of a word that cannot give any of a snippet's terms, or for no term
# at all (a stop word, which ``analyze`` leaves out): never a term itself.
OTHER_TERM = "\x00"
_stop_word = DEFAULT_ANALYZER.arabic_stop_word


def aligned_terms(
    text: str, lang: str | None, terms: set[str] | None = None, *, pattern=MISSING
) -> list[tuple[str, int, int]]:
    """What ``analyze_with_offsets`` gives, three times faster: the tokens come in text
    order and are substrings of it, so ``str.find`` from the previous end locates each.

    Given the Arabic ``terms`` a snippet marks, an Arabic word the analyzer has not met yet
    is analyzed only when ``first_candidate``'s pattern finds one of them in it; any other
    such word stands as OTHER_TERM, a stop word included (``snippet`` tells them apart for
    the one word it starts at): analyzing the words of twenty results was most of a
    search's Python time in a process that had not met them. ``pattern``: the terms'
    ``_arabic_pattern`` when the caller has it already (a snippet aligns a few words at a
    time, each time with the same terms)."""
    analyzer, aligned, cursor = DEFAULT_ANALYZER, [], 0
    memo = analyzer.memo(lang)
    if pattern is MISSING:
        pattern = _arabic_pattern(terms)
    for word in token_texts(text):
        start = text.find(word, cursor)
        cursor = start + len(word)
        term = memo.get(word, MISSING)
        if term is MISSING:
            if pattern is None or not is_arabic_char(word[0]) or pattern.search(word):
                term = analyzer.term(word, lang)
            else:
                term = OTHER_TERM
        if term:
            aligned.append((term, start, cursor))
    return aligned


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    pieces, cursor = ["…" if start > 0 else ""], start
    for mark_start, mark_end in marks:
        pieces.append(escape(text[cursor:mark_start]))
        pieces.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        cursor = mark_end
    pieces.append(escape(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)
