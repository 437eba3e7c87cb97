"""Faults on demand: which URL or outlet misbehaves, and the broken payloads (pure).

Serving them (timeouts, drips, resets, streams) is the server's job; this module only plans
them, reproducibly from a seed, and builds the bytes.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass, field

from .outlets import stable_hash

PAGE_FAULTS = (
    "http_500",
    "http_503",
    "timeout",
    "slow_drip",
    "reset",
    "truncated",
    "gzip_bomb",
    "huge_body",
    "redirect_loop",
    "redirect_private",
    "empty_200",
    "rate_limited",
)
FEED_FAULTS = PAGE_FAULTS + ("malformed_xml", "html_as_feed", "feed_as_html")
# Set by hand only (never planned from a rate, so seeded plans stay as they were).
MANUAL_FAULTS = ("http_403",)
FAULT_KINDS = FEED_FAULTS + MANUAL_FAULTS
PRIVATE_TARGETS = ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin/")
HUGE_BODY_SIZE = 50 * 1024 * 1024
BOMB_CHUNK = 1024 * 1024
BOMB_CHUNKS = 1024  # 1 GiB once inflated
DRIP_INTERVAL = 0.5  # seconds between the bytes of a slow drip
HANG_SECONDS = 300.0  # how long a timeout fault keeps the connection open, silent


@dataclass
class FaultTable:
    """Faults in force: per URL (outlet index, path and query) and per outlet."""

    by_url: dict[tuple[int, str], str] = field(default_factory=dict)
    by_outlet: dict[int, str] = field(default_factory=dict)

    def lookup(self, outlet: int, target: str) -> str | None:
        if not self.by_url and not self.by_outlet:
            return None
        return self.by_url.get((outlet, target)) or self.by_outlet.get(outlet)

    def set(self, kind: str | None, outlet: int, target: str | None = None) -> None:
        """Set (or clear, with kind None) a fault on one URL, or on a whole outlet."""
        if kind is not None and kind not in FAULT_KINDS:
            raise ValueError(f"faults: unknown kind {kind!r}")
        table, key = (self.by_outlet, outlet) if target is None else (self.by_url, (outlet, target))
        if kind is None:
            table.pop(key, None)
        else:
            table[key] = kind


def plan_faults(
    pages: list[tuple[int, str]], feeds: list[tuple[int, str]], rate: float, seed: int
) -> FaultTable:
    """A reproducible table: each page or feed URL is faulty with probability `rate`."""
    table = FaultTable()
    for targets, kinds in ((pages, PAGE_FAULTS), (feeds, FEED_FAULTS)):
        for outlet, target in targets:
            h = stable_hash(seed, "fault", outlet, target)
            if h % 10_000 < rate * 10_000:
                table.by_url[(outlet, target)] = kinds[(h // 10_000) % len(kinds)]
    return table


def malform(xml: bytes) -> bytes:
    """Broken XML: cut mid-document, then an unclosed element and a bare ampersand."""
    return xml[: max(40, len(xml) // 2)] + b"<item><title>R&D </titl><link>"


def private_target(outlet: int, target: str) -> str:
    return PRIVATE_TARGETS[stable_hash("private", outlet, target) % len(PRIVATE_TARGETS)]


@functools.cache
def gzip_bomb() -> bytes:
    """A gzip member of about 1 MB that inflates to 1 GiB of zeros.

    Each 1 MiB block is compressed after a full flush, so every block compresses to the same
    bytes and only one is computed.
    """
    zeros = bytes(BOMB_CHUNK)
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    last = comp.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(BOMB_CHUNKS):
        crc = zlib.crc32(zeros, crc)
    trailer = crc.to_bytes(4, "little") + (BOMB_CHUNK * BOMB_CHUNKS % 2**32).to_bytes(4, "little")
    return first + block * (BOMB_CHUNKS - 1) + last[:-8] + trailer
