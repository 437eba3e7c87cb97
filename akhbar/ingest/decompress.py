"""Content-Encoding decoding with bounded output, so a gzip bomb costs no memory (pure).

`Decompressor(coding).feed(raw)` yields decoded chunks of at most DECODE_CHUNK bytes (brotli's
limit is soft: up to about 1.5 times that) however compressible the input: zlib is given
`max_length`, brotli `output_buffer_limit`. The caller
counts what it keeps and stops at its cap; `complete` tells a finished stream from a truncated one.
"""

import zlib
from collections.abc import Iterator

import brotli

DECODE_CHUNK = 64 * 1024  # decompressed bytes produced by one step, at most (about, for br)
CODINGS = ("gzip", "x-gzip", "deflate", "br")
ERRORS = (zlib.error, brotli.error)  # what feed() raises on a corrupt stream


class Decompressor:
    """Decodes one response body; raises ValueError for a coding it does not know."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in CODINGS):
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")
        self.coding = codings[0] if codings else ""
        self._zlib = _zlib_for(self.coding)
        self._brotli = brotli.Decompressor() if self.coding == "br" else None
        self._done = False
        self._fed = False

    @property
    def complete(self) -> bool:
        """False when compressed input stopped before its end marker (a truncated body)."""
        if not self._fed or (self._brotli is None and self._zlib is None):
            return True
        return self._brotli.is_finished() if self._brotli is not None else self._zlib.eof

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._fed = self._fed or bool(data)
        if self._brotli is not None:
            yield from self._feed_brotli(data)
        elif self._zlib is not None:
            yield from self._feed_zlib(data)
        elif data:
            yield data

    def _feed_zlib(self, data: bytes) -> Iterator[bytes]:
        while data and not self._done:
            chunk = self._zlib.decompress(data, DECODE_CHUNK)
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                data = self._zlib.unused_data + data
                # Another gzip member may follow; anything else after the end is padding.
                if data.startswith(b"\x1f\x8b"):
                    self._zlib = _zlib_for(self.coding)
                else:
                    self._done = True
            yield chunk

    def _feed_brotli(self, data: bytes) -> Iterator[bytes]:
        chunk = self._brotli.process(data, output_buffer_limit=DECODE_CHUNK)
        yield chunk
        # Drain what the input already holds: a full chunk means more may be pending.
        while chunk and not self._brotli.is_finished():
            chunk = self._brotli.process(b"", output_buffer_limit=DECODE_CHUNK)
            yield chunk


def _zlib_for(coding: str):
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS)  # zlib-wrapped, as RFC 9110 says
    return None
