"""Template helpers of the reader's site: digits, days, canonical URLs, JSON-LD, home sections."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from akhbar.news.models import Article, Category, Source
from akhbar.readership.service import most_read_ids
from akhbar.web.queries import visible_articles

register = template.Library()

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# JSON inside <script>: no character may close the element or open a comment.
JSON_IN_SCRIPT = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def digits(value) -> str:
    """Arabic-Indic digits in the Arabic interface when ``AKHBAR_ARABIC_DIGITS`` is on."""
    text = str(value)
    if settings.AKHBAR_ARABIC_DIGITS and (get_language() or "").startswith("ar"):
        return text.translate(ARABIC_INDIC)
    return text


@register.filter
def local_day(moment):
    """The calendar day of a moment in the site's time zone (for grouping lists by day)."""
    return timezone.localtime(moment).date() if moment else None


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


@register.inclusion_tag("web/_home_sections.html", takes_context=True)
def home_sections(context, per_section: int = 5):
    """Sections by category, the day's most read, and the latest article of each outlet."""
    return {
        "request": context.get("request"),
        "sections": category_sections(per_section),
        "most_read": most_read_today(),
        "per_outlet": latest_per_outlet(),
    }


def category_sections(per_section: int) -> list[tuple[Category, list[Article]]]:
    """Each category's latest originals. Copies are dropped here rather than in SQL, so that
    the query walks the (category, -published_at) index and stops after a few rows."""
    sections = []
    for category in Category.objects.all():
        latest = visible_articles().filter(category=category)[: per_section * 4]
        articles = [item for item in latest if not item.duplicate_of_id][:per_section]
        if articles:
            sections.append((category, articles))
    return sections


def most_read_today(limit: int = 10) -> list[Article]:
    ids = most_read_ids(limit=limit)
    found = visible_articles().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def latest_per_outlet() -> list[Article]:
    """Each outlet's latest original (copies are folded into theirs), newest first.

    Two queries: the id of each outlet's latest, a correlated subquery on the
    (source, -published_at) index, then those articles.
    """
    latest = (
        visible_articles().filter(source=OuterRef("pk"), duplicate_of__isnull=True).values("id")[:1]
    )
    ids = Source.objects.filter(active=True).annotate(latest=Subquery(latest))
    ids = [pk for pk in ids.values_list("latest", flat=True) if pk]
    articles = visible_articles().in_bulk(ids).values()
    return sorted(articles, key=lambda a: a.published_at or a.fetched_at, reverse=True)
