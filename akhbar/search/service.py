"""Search as the site, the API and the command line use it: text in, results out.

Every word is required; the first results of a query of several words are re-ranked by
how their title holds the words (all of them, in order). When the strict query fills less than the page, the
page is completed with articles holding only some of the words, ranked by
relevance and marked ``partial`` (what a reader typing a long title, or one
misspelled word, still expects to find). Pass ``relax=False`` for strict only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections
from django.utils.safestring import SafeString, mark_safe

from akhbar.news.models import Article
from akhbar.news.sql import fetch, in_bulk, placeholders
from akhbar.search.aliases import default_aliases
from akhbar.search.backends import backend_for
from akhbar.search.backends.base import Hit, SearchResults
from akhbar.search.memo import remember
from akhbar.search.query import Aliases, ParsedQuery, parse_query, relaxed
from akhbar.search.snippets import snippet

_DEFAULT = object()
# The first results of a query of several words are re-ranked by their titles (title_boost).
RERANK_DEPTH = 30
TITLE_SHARE_BOOST = 0.5
TITLE_PHRASE_BOOST = 0.5
# Snippets cut in this process, by article, text, terms and language (``_snippet``).
SNIPPETS_SIZE = 4096
_SNIPPETS: dict[tuple, SafeString] = {}


@dataclass
class Result:
    article: Article
    score: float
    snippet: SafeString
    other_outlets: int  # wire copies folded into this result
    partial: bool = False  # holds only some of the query's words


@dataclass
class SearchPage:
    query: ParsedQuery
    results: list[Result] = field(default_factory=list)
    total: int = 0  # articles holding every word ("≈" when `estimated`)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    estimated: bool = False


def search(
    text: str,
    *,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
    snippets: bool = True,
    relax: bool = True,
    aliases: Aliases | None | object = _DEFAULT,
    using: str = "default",
) -> SearchPage:
    """Run a reader's query; wire copies are folded into their original's result."""
    query = parse_query(text, aliases=default_aliases() if aliases is _DEFAULT else aliases)
    backend = backend_for(connections[using])
    rerank = sort == "relevance" and offset == 0 and len(query.groups) >= 2
    depth = max(limit, RERANK_DEPTH) if rerank else limit
    found = backend.search(query, sort=sort, limit=depth, offset=offset, facets=facets)
    if rerank:
        found.hits = title_reranked(found.hits, query, using)[:limit]
    partial = _fill_in(backend, query, found, sort, limit, offset) if relax else []
    hits = found.hits + partial
    ids = [hit.article_id for hit in hits]
    articles = in_bulk(Article, ids, ("source", "category"), connections[using])
    copies = _copies_count(list(articles), using)
    terms = frozenset(query.positive_terms())
    results = [
        Result(
            article=articles[hit.article_id],
            score=hit.score,
            snippet=_snippet(articles[hit.article_id], terms) if snippets else mark_safe(""),
            other_outlets=copies.get(hit.article_id, 0),
            partial=index >= len(found.hits),
        )
        for index, hit in enumerate(hits)
        if hit.article_id in articles
    ]
    return SearchPage(
        query=query,
        results=results,
        total=found.total,
        facets=found.facets,
        estimated=found.estimated,
    )


def title_reranked(hits: list[Hit], query: ParsedQuery, using: str) -> list[Hit]:
    """The first results re-ranked by how their title holds the query: bm25 counts each
    word apart, a reader's words found together, in order, in a title make the article they
    mean (a title typed from memory, a wire copy with a reworded title)."""
    if not hits:
        return hits
    ids = [hit.article_id for hit in hits]
    sql = "SELECT article_id, title_terms FROM search_document WHERE article_id IN ({})"
    titles = dict(fetch(sql.format(placeholders(ids)), ids, connections[using]))
    boosted = [
        Hit(hit.article_id, hit.score * title_boost(query, titles.get(hit.article_id, "")))
        for hit in hits
    ]
    return sorted(boosted, key=lambda hit: -hit.score)


def title_boost(query: ParsedQuery, title_terms: str) -> float:
    """1 + half the share of the query's groups found in the title, + half more when the
    title holds them in the query's order (as one phrase)."""
    title = title_terms.split()
    words = set(title)
    found = [next((i for i in g if set(i.tokens) <= words), None) for g in query.groups]
    share = sum(item is not None for item in found) / len(query.groups)
    in_order = share == 1 and _in_order([item.tokens for item in found], title)
    return 1.0 + TITLE_SHARE_BOOST * share + (TITLE_PHRASE_BOOST if in_order else 0.0)


def _in_order(phrases: list[tuple[str, ...]], title: list[str]) -> bool:
    sequence = [term for phrase in phrases for term in phrase]
    width = len(sequence)
    return any(title[i : i + width] == sequence for i in range(len(title) - width + 1))


def _fill_in(backend, query: ParsedQuery, found: SearchResults, sort, limit, offset) -> list[Hit]:
    """Partial matches after the strict ones, when a query of several words ran short."""
    room = limit - len(found.hits)
    if room <= 0 or len(query.groups) < 2:
        return []
    start = max(0, offset - found.total)
    loose = backend.search(relaxed(query), sort=sort, limit=room, offset=start, facets=False)
    return loose.hits


def _copies_count(ids: list[int], using: str) -> dict[int, int]:
    if not ids:
        return {}
    sql = (
        "SELECT duplicate_of_id, COUNT(*) FROM news_article "
        f"WHERE duplicate_of_id IN ({placeholders(ids)}) AND held_reason = '' "
        "GROUP BY duplicate_of_id"
    )
    return dict(fetch(sql, ids, connections[using]))


def _snippet(article: Article, terms: frozenset[str]) -> SafeString:
    """The article's snippet for these terms, cut once per process for the same text: a
    query searched again (a popular one, its page made stale by every new article) lists
    mostly the same articles, and cutting twenty snippets costs about a sixth of its page.
    The key holds the text's hash with the article's id, so an edited article is cut anew."""
    text = f"{article.lede}\n{article.body}" if article.lede else article.body
    key = (article.pk, len(text), hash(text), terms, article.language)
    cut = _SNIPPETS.get(key)
    if cut is None:
        cut = mark_safe(snippet(text, terms, lang=article.language or None))  # escaped inside
        remember(_SNIPPETS, key, cut, SNIPPETS_SIZE)
    return cut
