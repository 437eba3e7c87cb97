"""FTS5's bm25, stated once: SQLite computes it inside FTS5, PostgreSQL in SQL from the same
statistics (``backends/postgres.py``), so that both rank alike.

For each phrase i of the query that the row holds (phrases on the NOT side of an expression
add nothing, FTS5 reports no instances for them):

    idf_i * f_i * (k1 + 1) / (f_i + k1 * (1 - b + b * D / avgdl))

with f_i the phrase's instances in the row, each weighted by its column (title 4, body 1),
D the row's tokens in all columns, avgdl the mean of D over the index, and
idf_i = ln((N - n_i + 0.5) / (n_i + 0.5)) (never below 1e-6), n_i the rows holding the
phrase among the N rows of the index (FTS5's ``fts5_aux.c``, ``fts5Bm25Function``).
"""

import math

K1 = 1.2  # FTS5's constants
B = 0.75
TITLE_WEIGHT = 4.0  # title_terms weigh four body_terms
BODY_WEIGHT = 1.0


def idf(rows: int, hits: int) -> float:
    """FTS5's idf of a phrase found in ``hits`` of ``rows`` rows (never below 1e-6)."""
    value = math.log((rows - hits + 0.5) / (hits + 0.5)) if rows else 0.0
    return value if value > 0 else 1e-6


def ceiling(idfs: list[float]) -> float:
    """The highest bm25 any row can reach: each phrase adds less than idf * (k1 + 1)."""
    return sum((K1 + 1) * value for value in idfs)
