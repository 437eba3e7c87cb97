"""The HTML of a search page's results and facets, written in Python (as ``headline_rows``).

A search page lists 20 results and up to 20 facet links. Written by the template language,
each result cost about 0.4 ms (two dates, a counted phrase, a dozen variables resolved and
escaped): the half of a search page's rendering that was not the search. Each value is
escaped as the template's autoescaping did, and ``tests/web/test_result_rows.py`` pins that
the page comes out exactly as the template it replaces wrote it. The catalogs' texts go in
as they stand, unescaped: Django takes the translation of a template's literal as safe.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext, ngettext

from akhbar.news.links import reverser
from akhbar.web.headline_rows import escaped_once, reader_digits, written
from akhbar.web.headlines import day_text, local_moment

RESULT = (
    "\n  <li{partial}>\n"
    '    <a class="headline" href="{url}" dir="auto" lang="{language}">{title}</a>\n'
    '    <span class="meta">{outlet}{published}{others}{partial_label}</span>\n'
    '    <p class="snippet" dir="auto">{snippet}</p>\n'
    "  </li>\n"
)
RESULTS = '<ol class="results">{}</ol>'
NO_RESULT = '<li class="empty">{}</li>'
PUBLISHED = ' · <time datetime="{iso}">{day}</time>'
PARTIAL_LABEL = ' · <span class="partial-label">{}</span>'

FACETS = '<aside class="facets" aria-label="{label}">\n  <ul>{source}</ul>\n  <ul>{category}</ul>\n</aside>'
FACET = '<li><a href="?q={q}+{kind}:{slug}&amp;sort={sort}" dir="auto">{name}</a> ({count})</li>'


def result_list(results: list) -> SafeString:
    """``<ol class="results">``: each result (``search.service.Result``) with its outlet,
    day, folded copies and snippet. The reader's zone and the URLconf are read once for the
    list (each read is a context-local lookup), not once per result."""
    digits, zone, url = reader_digits(), get_current_timezone(), reverser()
    partial_label = PARTIAL_LABEL.format(gettext("Holds only some of your words"))
    rows = "".join(_result(result, digits, partial_label, zone, url) for result in results)
    return mark_safe(
        RESULTS.format(rows or NO_RESULT.format(gettext("No article matches this search.")))
    )


def _result(result, digits: dict | None, partial_label: str, zone, url) -> str:
    article = result.article
    published = ""
    if article.published_at:
        local = local_moment(article.published_at, zone)
        published = PUBLISHED.format(
            iso=escape(local.isoformat()), day=written(day_text(local), digits)
        )
    others = ""
    if count := result.other_outlets:
        phrase = ngettext("and %(counter)s other outlet", "and %(counter)s other outlets", count)
        others = " · " + written(phrase % {"counter": count}, digits)
    return RESULT.format(
        partial=' class="partial"' if result.partial else "",
        url=escape(url("web:article", article.source.slug, article.pk)),  # get_absolute_url
        language=escaped_once(article.language),
        title=escape(article.title),
        outlet=escaped_once(article.source.display_name),
        published=published,
        others=others,
        partial_label=partial_label if result.partial else "",
        snippet=conditional_escape(result.snippet),
    )


def facet_lists(facets: dict, q: str, sort: str, estimated: bool) -> SafeString:
    """The ``<aside class="facets">`` of a search: links that narrow it to one outlet or one
    category, each with its count of results. ``facets``: ``views.named_facets``."""
    digits, approx = reader_digits(), "≈ " if estimated else ""
    common = {"q": escape(quote(q, safe="/")), "sort": escape(sort)}
    lists = {
        kind: "".join(
            FACET.format(
                **common,
                kind=kind,
                slug=escape(slug),
                name=escape(name),
                count=approx + written(str(count), digits),
            )
            for slug, name, count in facets.get(kind) or []
        )
        for kind in ("source", "category")
    }
    return mark_safe(FACETS.format(label=gettext("Refine"), **lists))
