from django.urls import path

from akhbar.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("story/<int:story_id>/", views.story, name="story"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("<slug:source_slug>/", views.source, name="source"),
    path("<slug:source_slug>/<int:article_id>/", views.article, name="article"),
]
