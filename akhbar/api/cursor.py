"""Opaque cursors for keyset pagination over (time desc, id desc), NULL times last.

A cursor is the position of the last item of a page, base64url-encoded JSON. Keyset
pagination never skips nor repeats an item when articles arrive between two pages, and
costs the same on page 1,000 as on page 1.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from django.db.models import F, Q, QuerySet


class CursorError(ValueError):
    """A cursor this API did not write."""


def encode(at: datetime | None, pk: int) -> str:
    data = json.dumps([at.isoformat() if at else None, pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime | None, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, pk = json.loads(raw)
        return _datetime(at), _int(pk)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise CursorError("cursor: not a cursor from this API") from None


def _datetime(value) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


def _int(value) -> int:
    if type(value) is not int or not 0 <= value < 2**63:
        raise ValueError(value)
    return value


def ordered(queryset: QuerySet, field: str) -> QuerySet:
    """The stable order of pages: newest first, undated last, then by id."""
    return queryset.order_by(F(field).desc(nulls_last=True), "-pk")


def after(queryset: QuerySet, field: str, cursor: str) -> QuerySet:
    """The items that come after the cursor's position in ``ordered`` order."""
    at, pk = decode(cursor)
    if at is None:
        return queryset.filter(Q(**{f"{field}__isnull": True}) & Q(pk__lt=pk))
    older = Q(**{f"{field}__lt": at}) | Q(**{f"{field}__isnull": True})
    return queryset.filter(older | Q(**{field: at, "pk__lt": pk}))


def page(queryset: QuerySet, field: str, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of items and the cursor of the next page (None on the last one)."""
    queryset = ordered(queryset, field)
    if cursor:
        queryset = after(queryset, field, cursor)
    items = list(queryset[: limit + 1])
    if len(items) <= limit:
        return items, None
    last = items[limit - 1]
    return items[:limit], encode(getattr(last, field), last.pk)
