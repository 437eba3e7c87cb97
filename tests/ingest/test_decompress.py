"""Bounded decompression: however compressible the input, each step yields at most 64 KiB."""

import gzip
import zlib

import brotli
import pytest

from akhbar.ingest.decompress import DECODE_CHUNK, Decompressor

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("coding", "pack"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("br", brotli.compress),
    ],
)
def test_it_inflates_in_bounded_steps(coding, pack):
    decoder = Decompressor(coding)
    chunks = list(decoder.feed(pack(bytes(8 * MB))))
    # it should never produce more than one bounded chunk at a time (brotli's bound is soft)
    assert max(map(len, chunks)) <= 2 * DECODE_CHUNK
    # it should still give back every byte, and know the stream ended
    assert sum(map(len, chunks)) == 8 * MB and decoder.complete


def test_it_reads_concatenated_gzip_members():
    decoder = Decompressor("gzip")
    body = b"".join(decoder.feed(gzip.compress(b"first ") + gzip.compress(b"second")))
    # it should read every member, as browsers do
    assert body == b"first second"


def test_it_passes_identity_through():
    # it should leave an unencoded body alone
    assert b"".join(Decompressor("identity").feed(b"plain")) == b"plain"


@pytest.mark.parametrize("coding", ["zstd", "gzip, br", "compress"])
def test_it_refuses_codings_it_cannot_bound(coding):
    # it should refuse rather than pass compressed bytes on as text
    with pytest.raises(ValueError, match="Content-Encoding"):
        Decompressor(coding)
