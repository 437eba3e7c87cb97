"""Sitemaps for search engines: every article, source and category, and a news sitemap.

The news sitemap follows Google's format (``news:publication``, ``news:publication_date``,
``news:title``) for the last 48 hours; its image tags name only images readers may see.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from akhbar.news.models import Article, Category, Source
from akhbar.web.queries import visible_articles

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google reads at most 1,000 URLs per news sitemap


class ArticleSitemap(Sitemap):
    changefreq = "never"
    priority = 0.6
    limit = 10000

    def items(self):
        return (
            Article.objects.filter(held_reason="")
            .select_related("source")
            .only("id", "published_at", "edited_at_source", "source__slug")
            .order_by("-id")
        )

    def lastmod(self, item: Article):
        return item.edited_at_source or item.published_at


class SourceSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.5

    def items(self):
        return Source.objects.filter(active=True).order_by("slug")


class CategorySitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.5

    def items(self):
        return Category.objects.all()


SITEMAPS = {"articles": ArticleSitemap, "sources": SourceSitemap, "categories": CategorySitemap}


def news_sitemap(request):
    """``/sitemap-news.xml``: the articles published in the last 48 hours."""
    since = timezone.now() - NEWS_WINDOW
    articles = visible_articles().filter(published_at__gte=since)[:NEWS_LIMIT]
    context = {"articles": articles, "base": request.build_absolute_uri("/").rstrip("/")}
    return render(request, "web/sitemap_news.xml", context, content_type="application/xml")


def robots_txt(request):
    """Allow everything but the admin and the forms' pages; name the sitemaps."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /report/",
        "Disallow: /csrf/",
        "Disallow: /language/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('web:sitemap_index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('web:sitemap_news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
