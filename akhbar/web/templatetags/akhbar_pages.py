"""Template helpers of the reader's site: digits, canonical URLs, JSON-LD."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from akhbar.news.models import Article

register = template.Library()

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# JSON inside <script>: no character may close the element or open a comment.
JSON_IN_SCRIPT = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def arabic_digits_chosen() -> bool:
    """Numbers are written ٠١٢٣٤٥٦٧٨٩ in the Arabic interface when ``AKHBAR_ARABIC_DIGITS`` is on."""
    return settings.AKHBAR_ARABIC_DIGITS and (get_language() or "").startswith("ar")


# is_safe: the digits of safe HTML (a rendered ``blocktranslate ... asvar``) stay safe,
# as swapping one digit for another can neither open nor close a tag.
@register.filter(is_safe=True)
def digits(value) -> str:
    """A number, date or counted phrase with the reader's digits (see arabic_digits_chosen)."""
    text = str(value)
    return text.translate(ARABIC_INDIC) if arabic_digits_chosen() else text


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
