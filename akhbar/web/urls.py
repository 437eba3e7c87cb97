from django.urls import path

from akhbar.web import views
from akhbar.web.caching import cached_page
from akhbar.web.pages import counted, reading
from akhbar.web.routes import PAGE_ROUTES

app_name = "web"

urlpatterns = [
    *PAGE_ROUTES,  # fixed prefixes (feeds/, archive/, author/, sitemaps) before the slugs
    path("", cached_page(views.home), name="home"),
    path("search/", cached_page(views.search), name="search"),
    path("sources/health/", views.source_health, name="source_health"),
    path("_reading/<slug:source_slug>/<int:article_id>/", reading, name="reading"),
    path("story/<int:story_id>/", cached_page(views.story), name="story"),
    path("category/<slug:slug>/", cached_page(views.category), name="category"),
    path("<slug:source_slug>/", cached_page(views.source), name="source"),
    path(
        "<slug:source_slug>/<int:article_id>/",
        counted(cached_page(views.article)),
        name="article",
    ),
]
