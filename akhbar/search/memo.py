"""What a search process remembers between searches: dicts cleared whole when full.

A search keeps a few things for the next searches of the same process (a query's settled
depth, a phrase's row count, a result's snippet, the analyzed words around a match). Each
memo is bounded by clearing it when it is full: no bookkeeping on a read, and a cleared
memo refills from the next searches, each entry costing what it did the first time.
"""

from __future__ import annotations

from typing import TypeVar

V = TypeVar("V")


def remember(memo: dict, key, value: V, size: int) -> V:
    """Store ``value`` under ``key`` in ``memo``, emptied first when it holds ``size`` other
    entries; gives the value back."""
    if len(memo) >= size and key not in memo:
        memo.clear()
    memo[key] = value
    return value
