"""``akhbar extract PATH_OR_URL... [--url URL] --json``: the article of each page, as JSON lines.

A file is read as raw bytes and decoded the way the crawler decodes pages; an http(s) URL is
fetched with the crawler's fetcher (robots.txt, size caps and the address guard included).
Each page gives one JSON object on its own line; a page that fails gives a line with an
"error" key and the command goes on; the exit status is 1 when any page failed.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from akhbar.text.encoding import decode_html
from akhbar.text.extract import Extracted, extract_article

FIELDS = ("title", "lede", "text", "author")


def is_url(argument: str) -> bool:
    return argument.startswith(("http://", "https://"))


def as_record(path: str, extracted: Extracted, encoding: str) -> dict:
    """The JSON object printed for one page."""
    published = extracted.published_at
    return {
        "path": path,
        **{name: getattr(extracted, name) for name in FIELDS},
        "published_at": published.isoformat() if published else None,
        "image": extracted.image,
        "language": extracted.language,
        "category": extracted.category_hint,
        "encoding": encoding or extracted.encoding,
    }


def read_file(path: str) -> tuple[bytes, str | None]:
    return Path(path).read_bytes(), None


def fetch_all(urls: list[str]) -> dict[str, tuple[bytes, str | None, str] | Exception]:
    """Fetch every URL in one event loop and one client: {url: (bytes, content type, final url)}."""
    from akhbar.ingest.fetch import Fetcher

    async def fetch_one(fetcher, url):
        try:
            result = await fetcher.fetch(url)
        except Exception as exc:  # reported per page, the others go on
            return url, exc
        if result.status >= 400:
            return url, CommandError(f"fetch: HTTP {result.status} ({url})")
        headers = {k.lower(): v for k, v in result.headers.items()}
        return url, (result.content, headers.get("content-type"), result.final_url)

    async def run():
        async with Fetcher(fetch_policy()) as fetcher:
            return dict(await asyncio.gather(*(fetch_one(fetcher, url) for url in urls)))

    return asyncio.run(run())


def fetch_policy():
    from akhbar.ingest.pipeline import policy_from_settings

    return policy_from_settings()


class Command(BaseCommand):
    help = "Extract the article of each page (a file or an http(s) URL) and print it as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("pages", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--url", help="The page's original URL (for one file): relative links, URL dates."
        )
        parser.add_argument(
            "--json", action="store_true", help="One JSON object per line (the only format)."
        )
        parser.add_argument("--tz", default="Africa/Algiers", help="Time zone of naive dates.")

    def handle(self, *args, pages: list[str], url: str | None, tz: str, **options):
        if url and len(pages) != 1:
            raise CommandError("extract: --url names the original URL of one file only")
        fetched = fetch_all([p for p in pages if is_url(p)]) if any(map(is_url, pages)) else {}
        failures = 0
        for page in pages:
            line = self.one_page(page, url, tz, fetched)
            failures += "error" in line
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if failures:
            self.stdout.flush()
            sys.exit(1)

    def one_page(self, page: str, url: str | None, tz: str, fetched: dict) -> dict:
        """The record of one page, or {"path", "error"}: one bad page never stops the others."""
        try:
            if is_url(page):
                outcome = fetched[page]
                if isinstance(outcome, Exception):
                    raise outcome
                content, content_type, final_url = outcome
            else:
                (content, content_type), final_url = read_file(page), url or ""
            html, codec = decode_html(content, content_type)
            return as_record(page, extract_article(html, final_url, tz=tz), codec)
        except Exception as exc:  # reported on its line; the command goes on
            return {"path": page, "error": f"{type(exc).__name__}: {exc}"}
