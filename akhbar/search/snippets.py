"""Highlighted snippets cut from the display text (pure).

The index holds analyzed terms; readers must see their own words. The
analyzer's offsets align each term with the original word, so the snippet is
cut from the original text and the matching words are marked there.
"""

from __future__ import annotations

from bisect import bisect_right
from html import escape

from akhbar.text.analyzer import analyze_with_offsets

# Snippets are cut from the start of long bodies only: enough for a window
# around the first matches, and it bounds the cost per result.
SCAN_CHARS = 6000
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
    scanned = text[:SCAN_CHARS]
    aligned = analyze_with_offsets(scanned, lang)
    hit_starts = [start for term, start, _ in aligned if term in terms]
    start = 0
    if hit_starts:
        # Open the window a few words before the first hit, at a word start.
        anchor = best_window(hit_starts, width - CONTEXT_CHARS)
        start = min((s for _, s, _ in aligned if s >= anchor - CONTEXT_CHARS), default=anchor)
    end = min(len(scanned), start + width)
    marks = [(s, e) for t, s, e in aligned if t in terms and start <= s and e <= end]
    return _render(scanned, start, end, marks)


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    pieces, cursor = ["…" if start > 0 else ""], start
    for mark_start, mark_end in marks:
        pieces.append(escape(text[cursor:mark_start]))
        pieces.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        cursor = mark_end
    pieces.append(escape(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)
