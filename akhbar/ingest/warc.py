"""``akhbar import-warc``: archived news pages (WARC files, e.g. Common Crawl's CC-NEWS) through
the same stages as a live page: decode → extract → quality gate → ArticleDraft → store.

Only the fetch differs: the bytes come from the archive's ``response`` records. Each page is
filed under the Source whose homepage has its host (a new Source is created, and logged, for
an unknown host). Progress is resumable: after each record, the byte offset of the next one
is written to a small JSON file under ``AKHBAR_DATA_DIR/warc-progress/``; a second run starts
there (and storing is insert-or-ignore on the URL, so a record seen twice adds nothing).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from akhbar.ingest import pipeline, store
from akhbar.ingest.fetch import FetchResult
from akhbar.news.models import Source
from akhbar.news.slugs import usable_slug
from akhbar.text.urls import canonicalize_url

log = logging.getLogger("akhbar.ingest.warc")

MAX_PAGE_BYTES = 5 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")


def ingest_page(
    source: Source, url: str, content: bytes, content_type: str | None, *, fetched_at: datetime
) -> pipeline.ArticleOutcome:
    """One already fetched page through the pipeline's stages after the fetch."""
    result = FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": content_type or ""},
        content=content,
    )
    canonical = canonicalize_url(url)
    known = store.known_articles([canonical]).get(canonical)
    try:
        draft = pipeline.build_draft(source, canonical, url, result, None, fetched_at)
    except Exception as error:  # the extractor must never stop an import
        log.warning("extract: %s: %r", canonical, error)
        return pipeline.ArticleOutcome(
            canonical, "failed", error_kind="parse", error=f"extract: {error!r}"
        )
    return pipeline.save_draft(draft, known, None)


# --- Sources by host ------------------------------------------------------------------------


def host_key(url: str) -> str:
    """The host of a URL as sources are matched: lower case, without "www.", with a port
    only when it is not the scheme's default."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


class SourceDirectory:
    """Sources by host, creating (and logging) one for a host never seen before."""

    def __init__(self):
        self.by_host = {host_key(s.homepage): s for s in Source.objects.order_by("-active", "pk")}
        self.created: list[Source] = []

    def source_for(self, url: str) -> Source:
        key = host_key(url)
        if key not in self.by_host:
            self.by_host[key] = self._create(key, url)
        return self.by_host[key]

    def _create(self, key: str, url: str) -> Source:
        base = usable_slug(slugify(key.replace(".", "-").replace(":", "-"))[:53] or "warc-source")
        homepage = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/"
        for n in range(1, 100):
            slug = base if n == 1 else f"{base}-{n}"
            try:
                with transaction.atomic():
                    source = Source.objects.create(
                        slug=slug,
                        name_ar=key,
                        homepage=homepage,
                        kind="online",
                        ownership="private",
                        languages=[],
                    )
            except IntegrityError:
                continue
            log.info(
                "import-warc: new source %s for host %s (edit its names and kind in the admin)",
                slug,
                key,
            )
            self.created.append(source)
            return source
        raise RuntimeError(f"import-warc: no free slug for host {key}")


# --- Progress -------------------------------------------------------------------------------


class Progress:
    """Where an import of one WARC file stands: the byte offset of the next record to read."""

    def __init__(self, warc: Path, directory: Path):
        resolved = str(warc.resolve())
        digest = hashlib.sha256(resolved.encode()).hexdigest()[:16]
        self.path = directory / f"{warc.name}.{digest}.json"
        self.warc = resolved

    def offset(self, size: int) -> int:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0
        offset = saved.get("offset", 0) if saved.get("file") == self.warc else 0
        return offset if 0 <= offset <= size else 0  # a shorter file is another file

    def save(self, offset: int, done: bool = False) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        state = {
            "file": self.warc,
            "offset": offset,
            "done": done,
            "at": datetime.now(UTC).isoformat(),
        }
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state), encoding="utf-8")
        temporary.replace(self.path)  # atomic: a crash never leaves half a file

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


# --- Reading records ------------------------------------------------------------------------


@dataclass
class WarcSummary:
    outcomes: Counter = field(default_factory=Counter)  # new | held | updated | unchanged | failed
    skipped: Counter = field(default_factory=Counter)  # why records were not pages to import
    resumed_at: int = 0
    new_sources: list[str] = field(default_factory=list)

    def line(self) -> str:
        done = (
            ", ".join(f"{n} {status}" for status, n in sorted(self.outcomes.items())) or "no page"
        )
        skipped = sum(self.skipped.values())
        resumed = f", resumed at byte {self.resumed_at}" if self.resumed_at else ""
        return f"import-warc: {done}; {skipped} records skipped; {len(self.new_sources)} new sources{resumed}"


def page_of(record) -> tuple[str, bytes, str, datetime] | str:
    """(url, body, content type, fetched at) of an HTML page worth importing, else the reason
    to skip the record."""
    if record.rec_type != "response" or record.http_headers is None:
        return "not a response"
    if record.http_headers.get_statuscode() != "200":
        return "not 200"
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return "not html"
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if urlsplit(url).scheme not in ("http", "https") or urlsplit(url).path in ("", "/"):
        return "not an article URL"
    body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(body) > MAX_PAGE_BYTES:
        return "too large"
    return url, body, content_type, _warc_date(record)


def _warc_date(record) -> datetime:
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)


def import_warc(
    path: Path,
    progress_dir: Path,
    *,
    restart: bool = False,
    on_bytes: Callable[[int], None] | None = None,
) -> WarcSummary:
    """Import one WARC file from where an earlier run stopped (``restart``: from the start)."""
    from warcio.archiveiterator import ArchiveIterator

    progress, summary, sources = Progress(path, progress_dir), WarcSummary(), SourceDirectory()
    size = path.stat().st_size
    start = 0 if restart else progress.offset(size)
    summary.resumed_at, position = start, start
    with path.open("rb") as stream:
        stream.seek(start)
        records = ArchiveIterator(stream)
        for record in records:
            _import_record(record, sources, summary)
            # asked only now: warcio reads the rest of the record to measure it
            done = start + records.get_record_offset() + records.get_record_length()
            progress.save(done)  # a crash from here on redoes the next record only
            _advance(on_bytes, done - position)
            position = done
    progress.save(size, done=True)
    _advance(on_bytes, size - position)
    summary.new_sources = [s.slug for s in sources.created]
    return summary


def _advance(on_bytes, n: int) -> None:
    if on_bytes is not None and n > 0:
        on_bytes(n)


def _import_record(record, sources: SourceDirectory, summary: WarcSummary) -> None:
    page = page_of(record)
    if isinstance(page, str):
        summary.skipped[page] += 1
        return
    url, body, content_type, fetched_at = page
    outcome = ingest_page(sources.source_for(url), url, body, content_type, fetched_at=fetched_at)
    summary.outcomes[outcome.status] += 1
