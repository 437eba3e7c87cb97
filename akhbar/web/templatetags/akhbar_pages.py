"""Template helpers of the reader's site: digits, canonical URLs, JSON-LD, the parts of every
page rendered once per language, lists of headlines and a search's results."""

from __future__ import annotations

import json

from django import template
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from akhbar.news.links import cached_reverse
from akhbar.news.models import Article
from akhbar.web import headline_rows as rows
from akhbar.web import result_rows
from akhbar.web.digits import ARABIC_INDIC, arabic_digits_chosen, digits_chosen_for
from akhbar.web.headlines import day_text

register = template.Library()

# JSON inside <script>: no character may close the element or open a comment.
JSON_IN_SCRIPT = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


# is_safe: the digits of safe HTML (a rendered ``blocktranslate ... asvar``) stay safe,
# as swapping one digit for another can neither open nor close a tag.
@register.filter(is_safe=True)
def digits(value) -> str:
    """A number, date or counted phrase with the reader's digits (see arabic_digits_chosen)."""
    text = str(value)
    return text.translate(ARABIC_INDIC) if arabic_digits_chosen() else text


@register.simple_tag
def cached_url(name: str, *args) -> str:
    """``{% url name arg … %}``, remembered per URLconf and script prefix
    (``news.links.cached_reverse``): a ``{% url %}`` reverses at every render."""
    return cached_reverse(name, *args)


# The article page's moments, in the site's time zone as ``date`` takes them
# (expects_localtime), written without Django's date formatter (it parses its format
# string and builds a formatter at every use).
@register.filter(expects_localtime=True)
def local_iso(value) -> str:
    """As ``date:'c'`` writes a moment: ISO 8601 with its offset."""
    return "" if value in (None, "") else value.isoformat()


@register.filter(expects_localtime=True)
def local_day(value) -> str:
    """As ``date:"d - m - Y"`` writes a moment's day (``headlines.day_text``)."""
    return "" if value in (None, "") else day_text(value)


@register.simple_tag
def arabic_digits() -> bool:
    """For the page's class, so that list markers (ordered lists) follow the setting too."""
    return arabic_digits_chosen()


@register.simple_tag(takes_context=True)
def canonical_url(context, path: str = "") -> str:
    """The page's absolute URL without its query, keeping only ``?page=N`` past the first."""
    request = context["request"]
    url = request.build_absolute_uri(path or request.path)
    number = request.GET.get("page", "")
    if not path and number.isdigit() and int(number) > 1:
        url += f"?page={int(number)}"
    return url


@register.simple_tag(takes_context=True)
def article_jsonld(context, article: Article):
    """The article as schema.org ``NewsArticle`` JSON-LD (data, so the CSP lets it be)."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "isBasedOn": article.url,
        "inLanguage": article.language or None,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.edited_at_source.isoformat() if article.edited_at_source else None,
        "description": article.lede or None,
        "articleSection": article.category.display_name if article.category_id else None,
        "author": {"@type": "Person", "name": article.author} if article.author else None,
        "publisher": {
            "@type": "Organization",
            "name": article.source.name_ar,
            "url": article.source.homepage,
        },
        "image": [article.visible_image_url] if article.visible_image_url else None,
    }
    data = {key: value for key, value in data.items() if value is not None}
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_IN_SCRIPT)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.tag
def once_per_language(parser, token):
    """``{% once_per_language [value …] %}…{% endonce_per_language %}``: markup rendered once
    per process for each interface language, script prefix, URL map and digits choice (and
    each of the given values), then repeated. For the parts of every page that depend on
    nothing else (the head, the header and its menu, the footer): their dozen ``{% url %}``,
    ``{% static %}`` and ``{% translate %}`` cost about a millisecond a page. What the markup
    inside reads from the context must be among the values."""
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endonce_per_language",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        # a child template's block would be rendered once for every page that extends it
        raise template.TemplateSyntaxError("once_per_language: no {% block %} inside")
    return OncePerLanguageNode(nodelist, values)


class OncePerLanguageNode(template.Node):
    # variants kept per node: 3 languages × a few menus and script prefixes, with room for
    # the tests' settings; past it the node forgets them all and starts again
    MAX_VARIANTS = 64
    # Its markup holds no block (the tag refuses one), so a template that extends this one
    # need not look inside for them: ``{% extends %}`` walks its parent's nodes on every
    # render to find the blocks, and most of web/base.html's nodes are in these tags.
    child_nodelists = ()

    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values
        self.rendered: dict[tuple, str] = {}

    def render(self, context) -> str:
        key = (*_page_key(context), *(_hashable(value.resolve(context)) for value in self.values))
        html = self.rendered.get(key)
        if html is None:
            if len(self.rendered) >= self.MAX_VARIANTS:
                self.rendered.clear()
            html = self.rendered[key] = self.nodelist.render(context)
        return html


# A page renders seven of these nodes; what their keys share is read once per page (each
# of get_language, get_script_prefix and get_urlconf reads a context-local variable).
_PAGE_KEY = "akhbar_pages.once_per_language"


def _page_key(context) -> tuple:
    """The interface language, script prefix, URL map and digits choice of this render,
    kept in the render's first state (``RenderContext.dicts[0]``: it lives as long as the
    one ``Template.render`` call, included templates too). Nothing in a page changes them
    in the middle of a render (no ``{% language %}`` block holds a node)."""
    state = context.render_context.dicts[0]
    key = state.get(_PAGE_KEY)
    if key is None:
        language = get_language()
        digits = digits_chosen_for(language)
        key = state[_PAGE_KEY] = (language, get_script_prefix(), get_urlconf(), digits)
    return key


def _hashable(value):
    """A list (the menu's sections) as a tuple of its items, which are frozen dataclasses."""
    return tuple(value) if isinstance(value, list) else value


@register.simple_tag
def headline_rows(items, kind: str):
    """The ``<li>`` rows of a short list of headlines (``headline_rows.ROWS``)."""
    return rows.headline_rows(items, kind)


@register.simple_tag
def home_sections(most_read, sections, per_outlet):
    """The home page's most read, sections and outlets' latest (``headline_rows.home_sections``)."""
    return rows.home_sections(most_read, sections, per_outlet)


@register.simple_tag
def article_list(items):
    """A full list of headlines, ``<ul class="article-list">`` (``headline_rows.article_list``)."""
    return rows.article_list(items)


@register.simple_tag
def day_sections(days):
    """An outlet's headlines under their days (``headline_rows.day_sections``)."""
    return rows.day_sections(days)


@register.simple_tag
def result_list(results):
    """A search's results, ``<ol class="results">`` (``result_rows.result_list``)."""
    return result_rows.result_list(results)


@register.simple_tag
def facet_lists(facets, q, sort, estimated):
    """A search's facets, ``<aside class="facets">`` (``result_rows.facet_lists``)."""
    return result_rows.facet_lists(facets, q, sort, estimated)
