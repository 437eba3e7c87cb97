"""Fingerprints of an article body (pure): exact hash, word 5-shingles, MinHash, LSH band keys.

Everything starts from the shared analyzer's ``normalize_for_match`` (normalized words, stop
words kept, no stemming), so two outlets that differ only in hamza forms, tashkeel, tatweel or
punctuation produce the same words. Normalize before fingerprinting: the hash, the shingles and
the MinHash are only comparable between texts normalized the same way.

Why 42 bands of 3 rows (126 permutations)
-----------------------------------------
Two bodies become LSH candidates when at least one band of their signatures is identical.
For Jaccard similarity J, P(candidate) = 1 - (1 - J**3)**42, an S-curve whose threshold
(1/b)**(1/r) = (1/42)**(1/3) is about 0.29.

The duplicate rule is *containment* ≥ 0.8, not Jaccard, and containment allows a low
Jaccard. For shingle sets A and B with |B ∩ A| ≥ 0.8 |B|, J is lowest for equal sizes when B
adds its own 20 %: J = 0.8 / 1.2 ≈ 0.67, P ≈ 1.0. A copy that drops a paragraph
(B ⊂ A, |B| = 0.8 |A|) has J = 0.8, P ≈ 1.0. A copy cut to half the dispatch has J = 0.5,
P ≈ 0.996; to a third J ≈ 0.33, P ≈ 0.79; to a quarter J = 0.25, P ≈ 0.48. Unrelated texts
(J ≈ 0.05) collide with P ≈ 0.005. On the SaudiNewsNet pairs that satisfy the rule, 32 × 4
missed 1.4 % of them as candidates, 42 × 3 misses 0.2 %, so the extra 10 rows per article
buy recall. Candidates are then checked: a MinHash estimate of containment drops the far
ones, and the exact containment of ``rules.is_duplicate`` decides, so the false candidates
of the low threshold cost a little time, never precision.
"""

import hashlib
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from akhbar.text.analyzer import normalize_for_match

SHINGLE_SIZE = 5
BANDS = 42
ROWS = 3
NUM_PERM = BANDS * ROWS
MINHASH_SEED = 20261129
# datasketch's affine 32-bit permutations, named explicitly so that an upgrade that changes the
# default scheme cannot silently change the band keys stored in the database.
MINHASH_SCHEME = "affine32"
# Bump when anything above (or the analyzer's normalization) changes: stored keys must be rebuilt.
FINGERPRINT_VERSION = 1


@lru_cache(maxsize=4)
def body_words(text: str) -> tuple[str, ...]:
    """The words fingerprints are computed over: the analyzer's match normalization.

    The last few bodies' words are kept: storing an article hashes its body for the draft
    (``ArticleDraft.body_hash``), then again with its shingles for folding."""
    return tuple(normalize_for_match(text or ""))


def exact_hash(words: Sequence[str]) -> str:
    """SHA-256 (hex) of the normalized words joined by single spaces; empty for no words."""
    if not words:
        return ""
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def shingles(words: Sequence[str], size: int = SHINGLE_SIZE) -> frozenset[int]:
    """Stable 32-bit hashes (CRC-32) of the word ``size``-grams; a shorter text is one shingle."""
    if not words:
        return frozenset()
    if len(words) < size:
        return frozenset([zlib.crc32(" ".join(words).encode("utf-8"))])
    # each word encoded once, not once in each of the five shingles it is part of
    encoded = [word.encode("utf-8") for word in words]
    crc32, join = zlib.crc32, b" ".join
    return frozenset([crc32(join(encoded[i : i + size])) for i in range(len(encoded) - size + 1)])


def containment(a_shingles: frozenset[int], b_shingles: frozenset[int]) -> float:
    """Share of ``a``'s shingles that also occur in ``b`` (0.0 when ``a`` is empty)."""
    if not a_shingles:
        return 0.0
    return len(a_shingles & b_shingles) / len(a_shingles)


def jaccard(a_shingles: frozenset[int], b_shingles: frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b| (0.0 when both are empty)."""
    union = len(a_shingles | b_shingles)
    return len(a_shingles & b_shingles) / union if union else 0.0


@lru_cache(maxsize=1)
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each input
_FMIX32 = tuple(map(np.uint32, (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)))
_NO_VALUE = np.uint32(0xFFFFFFFF)  # a MinHash's value before any input


def minhash(shingle_hashes: Iterable[int]) -> np.ndarray:
    """The MinHash signature (NUM_PERM unsigned 32-bit values) of a set of shingle hashes.

    datasketch's ``MinHash`` (affine32, these permutations, the hashes taken as they are)
    computed in one numpy expression: building the sketch object cost as much as its
    arithmetic (``tests/stories/test_fingerprints.py`` compares the two)."""
    values = list(shingle_hashes)
    if not values:
        return np.full(NUM_PERM, _NO_VALUE, dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX32
    hv = np.array(values, dtype=np.uint32).reshape(-1, 1)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    a, b = _permutations()
    return (hv * a + b).min(axis=0)


def signature_bytes(signature: np.ndarray) -> bytes:
    """The signature as stored in ``Article.minhash``: little-endian uint32s."""
    return signature.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4")


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal MinHash values: an unbiased estimate of the Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / len(a)


def estimated_containment(a: np.ndarray, b: np.ndarray, a_size: int, b_size: int) -> float:
    """The larger containment implied by the MinHash Jaccard estimate and the set sizes.

    |A ∩ B| = J (|A| + |B|) / (1 + J); divided by the smaller set it gives the larger
    containment. Used to skip reading candidates that are far below the rule.
    """
    if not a_size or not b_size:  # before estimating: an empty body has no signature
        return 0.0
    return _containment_of(estimated_jaccard(a, b), a_size, b_size)


def estimated_containments(
    signature: np.ndarray, others: Sequence[bytes], size: int, other_sizes: Sequence[int]
) -> list[float]:
    """``estimated_containment`` of one signature against many stored ones (as stored in
    ``StoryKey.minhash``), in one pass over a matrix: the duplicate lookup checks up to two
    dozen candidates per article."""
    if not others:
        return []
    matrix = np.frombuffer(b"".join(bytes(other) for other in others), dtype="<u4")
    equal = np.count_nonzero(matrix.reshape(len(others), -1) == signature, axis=1)
    return [
        _containment_of(same / len(signature), size, other_size)
        for same, other_size in zip(equal.tolist(), other_sizes, strict=True)
    ]


def _containment_of(jaccard_estimate: float, a_size: int, b_size: int) -> float:
    """The larger containment of two sets of these sizes with this Jaccard similarity."""
    if not a_size or not b_size:
        return 0.0
    j = jaccard_estimate
    return j * (a_size + b_size) / (1 + j) / min(a_size, b_size)


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per band: a hash of the band number and its ROWS values.

    The band number is inside the hash, so one indexed column holds every band and two
    articles share a key only when the same band of both signatures is identical.
    """
    data = signature.astype("<u4").tobytes()
    keys = []
    for band, hasher in enumerate(_band_hashers()):
        hasher = hasher.copy()  # cheaper than building one with its parameters again
        hasher.update(data[band * ROWS * 4 : (band + 1) * ROWS * 4])
        keys.append(int.from_bytes(hasher.digest(), "little", signed=True))
    return keys


@lru_cache(maxsize=1)
def _band_hashers() -> tuple:
    """For each band, a BLAKE2b of 8 bytes personalized with the band number, fed nothing."""
    return tuple(
        hashlib.blake2b(digest_size=8, person=b"akhbar-lsh%02d" % band) for band in range(BANDS)
    )
