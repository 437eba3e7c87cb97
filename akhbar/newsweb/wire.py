"""Wire copies: one agency story republished by several outlets with small edits (pure).

Corpora that already group their copies (`dup_group` shared by several records, as in the
demo corpus) are used as they are; for the others copies are synthesized here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

from .corpus import Record
from .outlets import stable_hash

AGENCY = {"ar": ("واج", "الجزائر - (واج) - "), "fr": ("APS", "ALGER - (APS) - ")}
STAFF_BYLINE = {"ar": "هيئة التحرير", "fr": "La rédaction"}
URGENT = {"ar": "عاجل: ", "fr": "Urgent : "}


def shared_groups(records: list[Record]) -> set[str]:
    """dup_group values that more than one record carries."""
    counts = Counter(r.dup_group for r in records if r.dup_group)
    return {group for group, count in counts.items() if count > 1}


def wire_groups(records: list[Record]) -> list[str | None]:
    """The wire group of each record when the corpus already has them."""
    shared = shared_groups(records)
    return [r.dup_group if r.dup_group in shared else None for r in records]


def edit_copy(record: Record, variant: int, copy_id: str) -> Record:
    """A republished copy: a new title, maybe a dropped paragraph, an added byline."""
    lang = "fr" if record.lang == "fr" else "ar"
    agency, dateline = AGENCY[lang]
    paragraphs = list(record.paragraphs)
    if variant == 0:
        title = " ".join(record.lede.split()[:9]) or record.title
        paragraphs[0] = dateline + paragraphs[0]
        author = agency
    elif variant == 1:
        title = URGENT[lang] + record.title
        paragraphs = paragraphs[:-1] if len(paragraphs) > 2 else paragraphs
        author = STAFF_BYLINE[lang]
    else:
        title = record.title.rstrip(".") + (" (فيديو)" if lang == "ar" else " (vidéo)")
        paragraphs = paragraphs[:1] + paragraphs[2:] if len(paragraphs) > 2 else paragraphs
        paragraphs[0] = dateline + paragraphs[0]
        author = agency
    return replace(record, id=copy_id, title=title, paragraphs=tuple(paragraphs), author=author)


def synthesize(
    records: list[Record],
    owners: list[int],
    languages: list[tuple[str, ...]],
    seed: int,
    rate: float,
) -> list[tuple[Record, int, str, int]]:
    """Copies to add: (record, owner outlet, wire group, index of the original record).

    A share `rate` of the records is republished by one or two other outlets of its language.
    """
    copies = []
    for index, (record, owner) in enumerate(zip(records, owners, strict=True)):
        if stable_hash(seed, "wire", record.id) % 10_000 >= rate * 10_000:
            continue
        others = [o for o, langs in enumerate(languages) if o != owner and record.lang in langs]
        group = f"wire:{record.id}"
        for k in range(min(len(others), 1 + stable_hash(seed, "n", record.id) % 2)):
            target = others[(stable_hash(seed, "to", record.id) + k) % len(others)]
            variant = stable_hash(seed, "v", record.id, k) % 3
            copy = edit_copy(record, variant, f"{record.id}~copy{k}")
            delay = timedelta(minutes=20 + stable_hash(seed, "t", record.id, k) % 100)
            copies.append((replace(copy, published=record.published + delay), target, group, index))
    return copies
