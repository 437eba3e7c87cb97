"""Fingerprints of a body: exact hash, 5-shingles, MinHash and LSH band keys (pure)."""

import numpy as np

from akhbar.stories import fingerprints as fp
from tests.stories.texts import DISPATCH, OTHER, body


def test_it_hashes_spelling_variants_of_one_text_alike():
    plain = fp.exact_hash(fp.body_words("أعلنت الوزارة إنشاء محطة جديدة"))
    vocalized = fp.exact_hash(fp.body_words("أَعْلَنَتِ الوِزارةُ إنشاءَ مَحطّةٍ جديدةٍ!"))
    # it should see through tashkeel and punctuation
    assert plain == vocalized and len(plain) == 64


def test_it_gives_no_hash_to_an_empty_body():
    # it should not make every empty body a duplicate of every other
    assert fp.exact_hash(fp.body_words("")) == ""


def test_it_shingles_five_words_at_a_time():
    words = "a b c d e f g".split()
    # it should make len - 4 shingles, and one for a text shorter than five words
    assert len(fp.shingles(words)) == 3
    assert len(fp.shingles(words[:3])) == 1


def test_it_measures_containment_one_way():
    small, large = frozenset({1, 2}), frozenset({1, 2, 3, 4})
    # it should say how much of the first set the second holds
    assert fp.containment(small, large) == 1.0
    assert fp.containment(large, small) == 0.5


def test_it_estimates_jaccard_from_minhash():
    a = fp.shingles(fp.body_words(body(DISPATCH)))
    b = fp.shingles(fp.body_words(body(DISPATCH[:3])))
    estimate = fp.estimated_jaccard(fp.minhash(a), fp.minhash(b))
    # it should land near the true Jaccard similarity
    assert abs(estimate - fp.jaccard(a, b)) < 0.15


def test_it_estimates_containment_against_many_stored_signatures_as_one_by_one():
    new = fp.shingles(fp.body_words(body(DISPATCH)))
    stored = [
        fp.shingles(fp.body_words(body(DISPATCH[:3]))),
        fp.shingles(fp.body_words(body(OTHER))),
        new,
    ]
    signature, signatures = fp.minhash(new), [fp.minhash(s) for s in stored]
    sizes = [len(s) for s in stored] + [0]
    signatures.append(signatures[0])
    one_by_one = [
        fp.estimated_containment(signature, other, len(new), size)
        for other, size in zip(signatures, sizes, strict=True)
    ]
    # it should give exactly the figures of estimated_containment, 0.0 for an empty body
    many = fp.estimated_containments(
        signature, [fp.signature_bytes(s) for s in signatures], len(new), sizes
    )
    assert many == one_by_one and many[-1] == 0.0 and many[2] == 1.0
    assert fp.estimated_containments(signature, [], len(new), []) == []


def test_it_makes_stable_band_keys():
    signature = fp.minhash(fp.shingles(fp.body_words(body(DISPATCH))))
    keys = fp.band_keys(signature)
    # it should make one signed 64-bit key per band, the same on every call and process
    assert len(keys) == fp.BANDS == 42
    assert keys == fp.band_keys(fp.signature_from_bytes(fp.signature_bytes(signature)))
    assert all(-(2**63) <= key < 2**63 for key in keys)


def test_it_shares_bands_between_copies_and_not_between_strangers():
    one = fp.band_keys(fp.minhash(fp.shingles(fp.body_words(body(DISPATCH)))))
    copy = fp.band_keys(fp.minhash(fp.shingles(fp.body_words(body(DISPATCH[:3])))))
    other = fp.band_keys(fp.minhash(fp.shingles(fp.body_words(body(OTHER)))))
    # it should make a copy without its last paragraph a candidate, an unrelated text not
    assert set(one) & set(copy)
    assert not set(one) & set(other)


def test_the_minhash_signature_is_datasketchs_affine32_minhash():
    # minhash computes datasketch's MinHash (affine32, our seed and permutations, the
    # shingle hashes as they are) without its object: it should give the same values on
    # the shingles of real bodies, a one-shingle body, the extremes of 32 bits and nothing
    from datasketch import MinHash

    from eval.search import arabic_docs, french_docs

    def datasketch_minhash(values) -> np.ndarray:
        sketch = MinHash(
            num_perm=fp.NUM_PERM,
            seed=fp.MINHASH_SEED,
            hashfunc=lambda value: value,
            permutations=fp._permutations(),
            scheme=fp.MINHASH_SCHEME,
        )
        sketch.update_batch(list(values))
        return np.asarray(sketch.hashvalues, dtype=np.uint32)

    sets = [fp.shingles(fp.body_words(doc.body)) for doc in arabic_docs()[:200] + french_docs()]
    sets += [frozenset([0]), frozenset([2**32 - 1, 1, 2**31]), frozenset()]
    for values in sets:
        signature = fp.minhash(values)
        assert signature.dtype == np.uint32 and signature.shape == (fp.NUM_PERM,)
        assert np.array_equal(signature, datasketch_minhash(values))


def test_band_keys_are_the_blake2b_of_each_band_personalized_with_its_number():
    # band_keys copies a hasher made once per band: each key should be the BLAKE2b (8 bytes,
    # personalized "akhbar-lsh" + the band's number) of the band's three values
    import hashlib

    signature = fp.minhash(fp.shingles(fp.body_words(body(DISPATCH))))
    data = signature.astype("<u4").tobytes()
    expected = [
        int.from_bytes(
            hashlib.blake2b(
                data[band * fp.ROWS * 4 : (band + 1) * fp.ROWS * 4],
                digest_size=8,
                person=b"akhbar-lsh%02d" % band,
            ).digest(),
            "little",
            signed=True,
        )
        for band in range(fp.BANDS)
    ]
    assert fp.band_keys(signature) == expected and fp.band_keys(signature) == expected
