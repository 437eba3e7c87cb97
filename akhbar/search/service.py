"""Search as the site, the API and the command line use it: text in, results out."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count
from django.utils.safestring import SafeString, mark_safe

from akhbar.news.models import Article
from akhbar.search.backends import backend_for
from akhbar.search.query import ParsedQuery, parse_query
from akhbar.search.snippets import snippet


@dataclass
class Result:
    article: Article
    score: float
    snippet: SafeString
    other_outlets: int  # wire copies folded into this result


@dataclass
class SearchPage:
    query: ParsedQuery
    results: list[Result] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def search(
    text: str,
    *,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
    snippets: bool = True,
) -> SearchPage:
    """Run a reader's query; wire copies are folded into their original's result."""
    query = parse_query(text)
    found = backend_for(connection).search(
        query, sort=sort, limit=limit, offset=offset, facets=facets
    )
    articles = Article.objects.select_related("source", "category").in_bulk(
        [hit.article_id for hit in found.hits]
    )
    copies = _copies_count(list(articles))
    terms = query.positive_terms()
    results = [
        Result(
            article=articles[hit.article_id],
            score=hit.score,
            snippet=_snippet(articles[hit.article_id], terms) if snippets else mark_safe(""),
            other_outlets=copies.get(hit.article_id, 0),
        )
        for hit in found.hits
        if hit.article_id in articles
    ]
    return SearchPage(query=query, results=results, total=found.total, facets=found.facets)


def _copies_count(ids: list[int]) -> dict[int, int]:
    rows = (
        Article.objects.filter(duplicate_of_id__in=ids, held_reason="")
        .values("duplicate_of_id")
        .annotate(n=Count("id"))
    )
    return {row["duplicate_of_id"]: row["n"] for row in rows}


def _snippet(article: Article, terms: set[str]) -> SafeString:
    text = f"{article.lede}\n{article.body}" if article.lede else article.body
    return mark_safe(snippet(text, terms, lang=article.language or None))  # escaped inside
