"""``akhbar search "QUERY"`` and ``akhbar search --batch FILE``: search from the command line."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from akhbar.search.query import QueryError
from akhbar.search.service import search


def result_record(result) -> dict:
    return {
        "url": result.article.url,
        "title": result.article.title,
        "score": round(result.score, 6),
        "source": result.article.source.slug,
        "published_at": result.article.published_at.isoformat()
        if result.article.published_at
        else None,
        "other_outlets": result.other_outlets,
    }


class Command(BaseCommand):
    help = "Search the archive with the site's query syntax."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", help="The query, in the site's syntax.")
        parser.add_argument("--batch", type=Path, help="One query per line; one JSON line each.")
        parser.add_argument("--json", action="store_true", help="Print results as JSON.")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--sort", choices=["relevance", "newest"], default="relevance")

    def handle(self, *args, query, batch, json: bool, limit, sort, **options):
        if batch:
            return self.run_batch(batch, limit, sort)
        if not query:
            raise CommandError("search: give a QUERY or --batch FILE")
        self.run_one(query, limit, sort, as_json=json)

    def run_one(self, query: str, limit: int, sort: str, *, as_json: bool) -> None:
        page = self.search(query, limit, sort, snippets=not as_json)
        if as_json:
            records = [result_record(r) for r in page.results]
            self.stdout.write(json_dumps({"query": query, "total": page.total, "results": records}))
            return
        self.stdout.write(f"{page.total} results")
        for result in page.results:
            extra = f" (+{result.other_outlets})" if result.other_outlets else ""
            self.stdout.write(f"{result.score:8.3f}  {result.article.title}{extra}")
            self.stdout.write(f"          {result.article.url}")

    def run_batch(self, path: Path, limit: int, sort: str) -> None:
        stream = sys.stdin if str(path) == "-" else path.open(encoding="utf-8")
        with stream:
            for line in stream:
                query = line.rstrip("\n")
                if not query.strip():
                    continue
                page = self.search(query, limit, sort, snippets=False, facets=False)
                records = [result_record(r) for r in page.results]
                self.stdout.write(json_dumps({"query": query, "results": records}))

    def search(self, query: str, limit: int, sort: str, **options):
        try:
            return search(query, limit=limit, sort=sort, **options)
        except QueryError as exc:
            raise CommandError(str(exc)) from None


def json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
