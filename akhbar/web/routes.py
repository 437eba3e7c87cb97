"""The fixed-prefix routes of the reader's site (feeds, sitemaps, archives, authors).

``akhbar/web/urls.py`` puts them first: its ``<slug:source_slug>/`` would catch them.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from akhbar.web import feeds, pages, security, sitemaps, views
from akhbar.web.caching import cached_page


def feed(feed_class):
    return cached_page(feeds.feed_view(feed_class))


SITEMAP_SECTIONS = {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "web:sitemap_section"}

PAGE_ROUTES = [
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("csrf/", security.csrf_token, name="csrf"),
    path("language/", views.language, name="language"),
    path("sitemap.xml", cached_page(sitemap_views.index), SITEMAP_SECTIONS, name="sitemap_index"),
    path("sitemap-news.xml", cached_page(sitemaps.news_sitemap), name="sitemap_news"),
    path(
        "sitemap-<section>.xml",
        cached_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("feeds/", feed(feeds.LatestFeed), name="feed_latest"),
    path("feeds/atom/", feed(feeds.atom(feeds.LatestFeed)), name="feed_latest_atom"),
    path("feeds/search/", feed(feeds.SearchFeed), name="feed_search"),
    path("feeds/search/atom/", feed(feeds.atom(feeds.SearchFeed)), name="feed_search_atom"),
    path("feeds/source/<slug:source_slug>/", feed(feeds.SourceFeed), name="feed_source"),
    path(
        "feeds/source/<slug:source_slug>/atom/",
        feed(feeds.atom(feeds.SourceFeed)),
        name="feed_source_atom",
    ),
    path("feeds/category/<slug:slug>/", feed(feeds.CategoryFeed), name="feed_category"),
    path(
        "feeds/category/<slug:slug>/atom/",
        feed(feeds.atom(feeds.CategoryFeed)),
        name="feed_category_atom",
    ),
    path("feeds/story/<int:story_id>/", feed(feeds.StoryFeed), name="feed_story"),
    path(
        "feeds/story/<int:story_id>/atom/",
        feed(feeds.atom(feeds.StoryFeed)),
        name="feed_story_atom",
    ),
    path("archive/", cached_page(pages.archive_index), name="archive"),
    path("archive/<int:year>/", cached_page(pages.archive_year), name="archive_year"),
    path(
        "archive/<int:year>/<int:month>/",
        cached_page(pages.archive_month),
        name="archive_month",
    ),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        cached_page(pages.archive_day),
        name="archive_day",
    ),
    path("author/<path:name>/", cached_page(pages.author), name="author"),
]
